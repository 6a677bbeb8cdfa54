using Latchkey.Config;
using Latchkey.Hosting;
using Latchkey.Rules;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Forwarding;

/// <summary>
/// Applies the allowlist: only a request the rules allow (or hold for approval, which the next
/// step enforces) goes on. Every other outcome is answered here with the contract's error.
/// </summary>
internal sealed partial class RuleEnforcementStep
{
    private readonly RequestDelegate _next;
    private readonly ILogger<RuleEnforcementStep> _logger;

    public RuleEnforcementStep(RequestDelegate next, ILogger<RuleEnforcementStep> logger)
    {
        _next = next;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var session = context.Features.GetRequiredFeature<AgentSessionFeature>().Session;
        var provider = agentRequest.ProviderDefinition!;

        var decision = agentRequest.Policy!.Rules.Decide(provider.Name, context.Request.Method, agentRequest.UpstreamPath!, session.Scopes);
        agentRequest.Decision = decision;
        var ruleId = decision.Rule?.Id;

        if (decision.Outcome != RuleOutcome.Allowed && agentRequest.Policy.Config.RulesMode == RulesMode.Shadow)
        {
            // Shadow mode: record what enforcement would do, then let the request through.
            agentRequest.ShadowRefusal = ShadowCodeOf(decision.Outcome);
            agentRequest.CredentialMode = decision.Rule?.Credential ?? provider.Credential;
            Log.ShadowRefusal(_logger, provider.Name, ruleId ?? "none", decision.Outcome);
            return _next(context);
        }

        switch (decision.Outcome)
        {
            case RuleOutcome.Allowed:
            case RuleOutcome.ApprovalRequired:
                // Approval-gated requests go on to the approval gate, which holds them.
                agentRequest.CredentialMode = decision.Rule!.Credential ?? provider.Credential;
                return _next(context);

            case RuleOutcome.InsufficientScope:
                Log.Refused(_logger, provider.Name, ruleId ?? "none", decision.Outcome);
                return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.InsufficientScope,
                    "The session does not hold the scopes this route requires.",
                    new Dictionary<string, object?> { ["required"] = decision.RequiredScopes, ["rule"] = ruleId });

            default:
                Log.Refused(_logger, provider.Name, ruleId ?? "none", decision.Outcome);
                return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.RouteDenied,
                    ruleId is null ? "No rule allows this route." : "A rule denies this route.",
                    new Dictionary<string, object?> { ["rule"] = ruleId });
        }
    }

    private static string ShadowCodeOf(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.InsufficientScope => ErrorCodes.InsufficientScope,
        RuleOutcome.ApprovalRequired => ErrorCodes.ApprovalRequired,
        _ => ErrorCodes.RouteDenied,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 3002, EventName = "ShadowRefusal", Level = LogLevel.Warning,
            Message = "Shadow mode: forwarded a request to provider {Provider} that rule {RuleId} would refuse ({Outcome})")]
        public static partial void ShadowRefusal(ILogger logger, string provider, string ruleId, RuleOutcome outcome);

        [LoggerMessage(EventId = 3001, EventName = "RouteRefused", Level = LogLevel.Information,
            Message = "Refused a request to provider {Provider} (rule {RuleId}): {Outcome}")]
        public static partial void Refused(ILogger logger, string provider, string ruleId, RuleOutcome outcome);
    }
}
