using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.DataPlane;

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
        var session = agentRequest.Session!;
        var provider = agentRequest.ProviderDefinition!;

        // The body is there only when RuleBodyInspectionStep read it for a body-reading rule or a batch path.
        var facts = new RequestFacts(agentRequest.UpstreamPath!, agentRequest.Query, context.Request.Headers, agentRequest.InspectedBody);
        var judged = RequestJudge.OfRequest(agentRequest.Config!.RuleSet, provider, context.Request.Method, facts,
            agentRequest.BatchBody, session.Scopes, trace: null);
        var verdict = judged.Verdict;
        var decision = verdict.Decision ?? RuleDecision.NoMatch;
        agentRequest.Decision = decision;
        agentRequest.Batch = judged.SubRequests is null ? null : judged;

        if (verdict.Kind != VerdictKind.Allowed && agentRequest.Config.RulesMode == RulesMode.Shadow)
        {
            // Shadow mode: record what enforcement would do, then let the request through.
            agentRequest.ShadowRefusal = verdict.Code;
            agentRequest.CredentialMode = decision.Rule?.Credential ?? provider.Credential;
            Log.ShadowRefusal(_logger, provider.Name, verdict.RuleId ?? "none", decision.Outcome);
            return _next(context);
        }

        if (verdict.PassesRules)
        {
            // Approval-gated requests go on to the approval gate, which holds them.
            agentRequest.CredentialMode = decision.Rule!.Credential ?? provider.Credential;
            return _next(context);
        }

        Log.Refused(_logger, provider.Name, verdict.RuleId ?? "none", decision.Outcome);
        return VerdictResponse.WriteAsync(context, verdict, judged.Message);
    }

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
