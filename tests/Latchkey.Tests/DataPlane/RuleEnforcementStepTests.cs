using Latchkey.DataPlane;
using Latchkey.Providers;
using Latchkey.Rules;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.DataPlane;

public sealed class RuleEnforcementStepTests
{
    private static readonly RuleDefinition[] Rules =
    [
        new() { Id = "read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/{**rest}", Scopes = ["email.read"], Credential = CredentialMode.Agent },
        new() { Id = "deny", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/settings/{**rest}", Action = RuleAction.Deny },
        new() { Id = "delete", Provider = "mail", Methods = ["DELETE"], Path = "/gmail/v1/users/me/messages/{id}", Scopes = ["email.delete"], Action = RuleAction.Approve },
    ];

    [Fact]
    public async Task Allowed_request_goes_on_with_its_decision_and_the_rules_credential_mode()
    {
        var context = new StepContext().WithSession(StepContext.Policy(RulesMode.Enforce, Rules), "email.read");
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal("read", context.AgentRequest.Decision?.Rule?.Id);
        Assert.Equal(CredentialMode.Agent, context.AgentRequest.CredentialMode);
        Assert.Null(context.ErrorCode);
    }

    [Fact]
    public async Task Deny_rule_refuses_with_route_denied_naming_the_rule()
    {
        var context = new StepContext(upstreamPath: "/gmail/v1/users/me/settings/x").WithSession(StepContext.Policy(RulesMode.Enforce, Rules), "email.read");
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((403, "route_denied", "deny"), (context.Status, context.ErrorCode, context.Body().GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task No_matching_rule_is_refused_by_default_without_a_rule()
    {
        var context = new StepContext("PUT").WithSession(StepContext.Policy(RulesMode.Enforce, Rules), "email.read");
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((403, "route_denied"), (context.Status, context.ErrorCode));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, context.Body().GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task Missing_scope_is_refused_naming_the_scopes_the_session_lacks()
    {
        var context = new StepContext().WithSession(StepContext.Policy(RulesMode.Enforce, Rules), "other");
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((403, "insufficient_scope"), (context.Status, context.ErrorCode));
        Assert.Equal(["email.read"], context.Body().GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Approve_rule_passes_the_request_on_to_the_approval_gate()
    {
        var context = new StepContext("DELETE").WithSession(StepContext.Policy(RulesMode.Enforce, Rules), "email.delete");
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal(RuleOutcome.ApprovalRequired, context.AgentRequest.Decision?.Outcome);
        Assert.Null(context.AgentRequest.ShadowRefusal);
    }

    [Theory]
    [InlineData("GET", "/gmail/v1/users/me/settings/x", "email.read", "route_denied")]
    [InlineData("GET", "/gmail/v1/users/me/messages/1", "other", "insufficient_scope")]
    [InlineData("DELETE", "/gmail/v1/users/me/messages/1", "email.delete", "approval_required")]
    public async Task Shadow_mode_forwards_a_would_be_refusal_recording_its_code(string method, string path, string scope, string code)
    {
        var context = new StepContext(method, path).WithSession(StepContext.Policy(RulesMode.Shadow, Rules), scope);
        var step = new RuleEnforcementStep(context.Next, NullLogger<RuleEnforcementStep>.Instance);

        await step.InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal(code, context.AgentRequest.ShadowRefusal);
        Assert.NotNull(context.AgentRequest.CredentialMode);
        Assert.Null(context.ErrorCode);
    }
}
