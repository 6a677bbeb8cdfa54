using Latchkey.Approvals;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.Mcp.Remote;
using Latchkey.Rules;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.DataPlane;

/// <summary>
/// The human approval gate (CONTRACT §5). A request an <c>approve</c> rule holds is answered
/// 202 with an approval id; once a human approves, the same request re-sent with
/// <c>Latchkey-Approval: id</c> is forwarded exactly once. Other requests pass untouched. The
/// state machine is <see cref="ApprovalService"/>'s; this step buffers the body and maps its
/// <see cref="ApprovalResult"/> to the answer. A remote MCP <c>tools/call</c> is bound to its tool
/// and arguments instead of its message bytes and resolved by <see cref="RemoteToolApprovals"/>; a
/// <c>/mcp</c> tool call's request, bound to its tool and arguments too, by <see cref="ToolCallApprovals"/>
/// (the same call again finds its approval; <c>McpToolHandlers</c> does the bounded wait).
/// </summary>
internal sealed class ApprovalGateStep
{
    public const string ApprovalHeader = "Latchkey-Approval";

    private readonly RequestDelegate _next;
    private readonly ApprovalService _approvals;
    private readonly RemoteToolApprovals _remoteTools;
    private readonly ToolCallApprovals _toolCalls;
    private readonly IOptionsMonitor<AgentSessionAuthenticationOptions> _sessionOptions;

    public ApprovalGateStep(
        RequestDelegate next,
        ApprovalService approvals,
        RemoteToolApprovals remoteTools,
        ToolCallApprovals toolCalls,
        IOptionsMonitor<AgentSessionAuthenticationOptions> sessionOptions)
    {
        _next = next;
        _approvals = approvals;
        _remoteTools = remoteTools;
        _toolCalls = toolCalls;
        _sessionOptions = sessionOptions;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Most requests are not held: pass them on without an async frame of this step's own.
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        return agentRequest.Decision?.Outcome != RuleOutcome.ApprovalRequired || agentRequest.ShadowRefusal is not null
            ? _next(context)
            : GateAsync(context, agentRequest);
    }

    private async Task GateAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        var body = await RequestBodyHasher.HashAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                "A request held for approval may carry at most 1 MiB of body.");
            return;
        }

        var headers = context.Request.Headers;
        var subject = new ApprovalSubject(agentRequest.Provider!, agentRequest.Decision!.Rule!.Id, context.Request.Method,
            agentRequest.UpstreamPath!, agentRequest.Query, headers.ContentType, headers.ContentEncoding)
        {
            ToolCall = agentRequest.ToolCall is { } call ? new ToolBinding(call.Tool, call.ArgumentsHash) { Arguments = call.Arguments } : null,
        };
        var session = agentRequest.Session!;
        var approvalId = headers[ApprovalHeader].ToString();
        var toolCall = context.Features.Get<McpMessageFeature>()?.ToolCall;
        if (toolCall is not null)
        {
            // The header is checked as strictly as params._meta (McpMessage), and the two must agree:
            // otherwise which of two ids was redeemed would depend on which one Latchkey happens to read.
            if (RemoteApprovalIdProblem(approvalId, toolCall.ApprovalId) is { } problem)
            {
                await Refuse(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, problem);
                return;
            }

            // The JSON-RPC id differs on every retry: the approval is bound to the call, not to the message's bytes.
            var request = new GatedRequest(session, subject, body with { Sha256 = toolCall.ApprovalHash() });
            var result = await _remoteTools.ResolveAsync(request, toolCall, string.IsNullOrEmpty(approvalId) ? toolCall.ApprovalId : approvalId, context.RequestAborted);
            await AnswerAsync(context, result, toolCall.Tool);
        }
        else if (subject.ToolCall is { } binding)
        {
            var result = await _toolCalls.ResolveAsync(new GatedRequest(session, subject, body), approvalId, context.RequestAborted);
            await AnswerAsync(context, result, binding.Tool);
        }
        else
        {
            var request = new GatedRequest(session, subject, body);
            var result = string.IsNullOrEmpty(approvalId)
                ? await _approvals.HoldAsync(request, context.RequestAborted)
                : await _approvals.RedeemAsync(request, approvalId, context.RequestAborted);
            await AnswerAsync(context, result, tool: null);
        }
    }

    private Task AnswerAsync(HttpContext context, ApprovalResult result, string? tool)
    {
        // Only the ids of approvals found for this very request (its session, its fingerprint) go on
        // its record; an id the agent presented that names no such approval is not echoed.
        context.Features.GetRequiredFeature<AgentRequestFeature>().ApprovalId = result switch
        {
            ApprovalResult.Held held => held.Approval.Id,
            ApprovalResult.Approved approved => approved.Approval.Id,
            ApprovalResult.Denied denied => denied.Approval.Id,
            ApprovalResult.Expired expired => expired.Approval.Id,
            ApprovalResult.Used used => used.Approval.Id,
            _ => null,
        };
        return Answer(context, result, tool);
    }

    private Task Answer(HttpContext context, ApprovalResult result, string? tool) => result switch
    {
        ApprovalResult.Approved approved => ForwardAsync(context, approved.Approval),
        ApprovalResult.Held held => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status202Accepted, ErrorCodes.ApprovalRequired,
            tool is null
                ? "A human must approve this request. Re-send it unchanged with the Latchkey-Approval header once approved."
                : $"A human must approve this call of {tool} (approval {held.Approval.Id}); it has not run. Once approved, make the same call "
                    + $"again with the same arguments (optionally with params._meta[\"{McpMethods.ApprovalMetaKey}\"] = \"{held.Approval.Id}\").",
            new Dictionary<string, object?> { ["approval_id"] = held.Approval.Id, ["expires_at"] = held.Approval.ExpiresAt }),
        ApprovalResult.Denied => Refuse(context, StatusCodes.Status403Forbidden, ErrorCodes.ApprovalDenied, "A human denied this request."),
        ApprovalResult.Expired => Refuse(context, StatusCodes.Status403Forbidden, ErrorCodes.ApprovalExpired, "This approval has expired."),
        ApprovalResult.Used => Refuse(context, StatusCodes.Status409Conflict, ErrorCodes.ApprovalUsed, "This approval has already been used."),
        ApprovalResult.Mismatch => Refuse(context, StatusCodes.Status409Conflict, ErrorCodes.ApprovalMismatch,
            "This approval was granted for a different request."),
        ApprovalResult.MalformedBody => Refuse(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
            "A request held for approval with a JSON Content-Type must carry exactly one well-formed JSON document: UTF-8, no duplicate keys, at most 64 levels deep."),
        ApprovalResult.StoreUnavailable => Refuse(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
            "The approval store is unreachable; retry later."),
        ApprovalResult.SessionRefused refused => AgentSessionChallenge.WriteAsync(context, refused.Failure,
            _sessionOptions.Get(AgentSessionDefaults.AuthenticationScheme).Realm),
        ApprovalResult.RuleRefused refused => RefuseByRules(context, refused.Verdict),
        _ => throw new InvalidOperationException("Unknown approval result " + result.GetType().Name),
    };

    /// <summary>
    /// Runs the later steps for a request whose approval was just used up. Only a request that got
    /// as far as its write-ahead record (so may have reached the upstream) keeps it used; one
    /// refused before that (503 audit_unavailable, a missing credential) gives it back, so the
    /// agent's retry is not refused 409 approval_used for an action that never happened.
    /// </summary>
    private async Task ForwardAsync(HttpContext context, ApprovalRecord used)
    {
        var outcome = context.Features.GetRequiredFeature<RequestOutcomeFeature>();
        try
        {
            await _next(context);
        }
        finally
        {
            if (outcome.Audit != AuditProgress.ForwardRecorded)
            {
                await _approvals.ReturnUnusedAsync(used);
            }
        }
    }

    /// <summary>A call the rules refuse now: answered and audited (its rule, its code) as the rule step refuses one.</summary>
    private static Task RefuseByRules(HttpContext context, RequestVerdict verdict)
    {
        context.Features.GetRequiredFeature<AgentRequestFeature>().Decision = verdict.Decision;
        return VerdictResponse.WriteAsync(context, verdict);
    }

    /// <summary>Why the approval ids a remote <c>tools/call</c> names are unusable; null when they are fine.</summary>
    private static string? RemoteApprovalIdProblem(string header, string? meta)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        if (!ApprovalIds.IsWellFormed(header))
        {
            return $"The {ApprovalHeader} header must be the approval id a held call returned (apr_...).";
        }

        return meta is not null && !string.Equals(meta, header, StringComparison.Ordinal)
            ? $"The {ApprovalHeader} header and params._meta[\"{McpMethods.ApprovalMetaKey}\"] name different approvals; name one."
            : null;
    }

    private static Task Refuse(HttpContext context, int status, string code, string message) =>
        ErrorResponseWriter.WriteAsync(context, status, code, message);
}
