using System.Text.Json;
using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// The rule step of a <c>kind: mcp</c> provider (docs/mcp.md, part 2), in place of the HTTP rule
/// steps: its one endpoint is <c>/{provider}/mcp</c>; a POST carries one JSON-RPC message, read
/// strictly (at most <see cref="RuleInspectionOptions.MaxInspectedBodyBytes"/>), refused if it
/// holds anything shaped like a session token, and judged by <see cref="McpMessageJudge"/>; GET
/// (the server's stream) and DELETE (end of the MCP session) pass. A refusal is a JSON-RPC error
/// (<see cref="Hosting.Errors.JsonRpcErrorEnvelope"/>) and audited with the tool; what passes goes
/// on to the approval gate, the credential and the forwarder with exactly the bytes judged, and
/// an answer that may carry a tools list is filtered to the tools the session may call.
/// </summary>
internal sealed partial class RemoteMcpStep
{
    public const string Endpoint = "/mcp";

    private readonly RequestDelegate _next;
    private readonly int _messageLimit;
    private readonly int _answerLimit;
    private readonly ILogger<RemoteMcpStep> _logger;

    public RemoteMcpStep(
        RequestDelegate next, IOptions<RuleInspectionOptions> inspection, IOptions<McpOptions> mcp, ILogger<RemoteMcpStep> logger)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(mcp);
        _next = next;
        _messageLimit = inspection.Value.MaxInspectedBodyBytes;
        _answerLimit = mcp.Value.MaxResponseBytes;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        if (agentRequest.UpstreamPath != Endpoint)
        {
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                "A kind: mcp provider has one endpoint: /{provider}/mcp.");
        }

        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return JudgeMessageAsync(context, agentRequest);
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsDelete(method))
        {
            // GET opens the server's stream (which can replay answers, tools lists included), DELETE ends the MCP session.
            return ForwardAsync(context, agentRequest, decision: null, filtered: HttpMethods.IsGet(method));
        }

        context.Response.Headers.Allow = "GET, POST, DELETE";
        return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
            "An MCP endpoint takes POST (a message), GET (the server's stream) and DELETE (end of session).");
    }

    private async Task JudgeMessageAsync(HttpContext context, AgentRequestFeature agentRequest)
    {
        var request = context.Request;
        var bytes = request.ContentLength > _messageLimit ? null : await RuleBodyInspectionStep.ReadBoundedAsync(request.Body, _messageLimit, context.RequestAborted);
        if (bytes is null)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"An MCP message may carry at most {_messageLimit} bytes.");
            return;
        }

        var body = StrictJsonBody.Read(bytes, request.ContentType, request.Headers.ContentEncoding);
        context.Response.RegisterForDispose(body);
        string? problem = "An MCP message must be one JSON-RPC object sent as Content-Type: application/json: UTF-8, uncompressed, no member twice, at most 64 levels deep.";
        var message = body.IsReadable ? McpMessage.Read(body.Root, out problem) : null;
        if (message is null)
        {
            await Invalid(context, ErrorCodes.InvalidRequest, problem!);
            return;
        }

        context.Features.Set(new McpMessageFeature(message.Kind == McpMessageKind.Request ? message.IdJson : null)
        {
            ToolCall = message.Tool is null ? null : message,
        });
        if (message.Tool is not null)
        {
            agentRequest.ToolCall = message.ToolCall();
        }

        // Nothing an agent sends reaches the server with a session token in it, in any field, escaped or not.
        var session = context.Features.GetRequiredFeature<AgentSessionFeature>().Session;
        if (HoldsTokenShape(body.Root))
        {
            Log.TokenInMessage(_logger, session.Id);
            await Invalid(context, ErrorCodes.SessionTokenMisplaced, "An MCP message may not carry a session token in any field.");
            return;
        }

        var provider = agentRequest.ProviderDefinition!;
        var verdict = McpMessageJudge.Judge(message, agentRequest.Config!.RuleSet, provider.Name, body, session.Scopes);
        if (verdict is { Kind: not VerdictKind.Allowed } refused)
        {
            if (agentRequest.Config.RulesMode == RulesMode.Shadow)
            {
                agentRequest.ShadowRefusal = refused.Code;
            }
            else if (!refused.PassesRules)
            {
                agentRequest.Decision = refused.Decision;
                Log.Refused(_logger, provider.Name, refused.RuleId ?? "none", refused.Code);
                await VerdictResponse.WriteAsync(context, refused);
                return;
            }
        }

        // The server receives exactly the bytes judged.
        request.Body = new MemoryStream(bytes, writable: false);
        await ForwardAsync(context, agentRequest, verdict?.Decision, filtered: message.Method == McpMethods.ToolsList);
    }

    private async Task ForwardAsync(HttpContext context, AgentRequestFeature agentRequest, RuleDecision? decision, bool filtered)
    {
        var provider = agentRequest.ProviderDefinition!;
        agentRequest.Decision = decision;
        agentRequest.CredentialMode = decision?.Rule?.Credential ?? provider.Credential;
        if (!filtered)
        {
            await _next(context);
            return;
        }

        var rules = agentRequest.Config!.RuleSet;
        var scopes = context.Features.GetRequiredFeature<AgentSessionFeature>().Session.Scopes;
        var shadow = agentRequest.Config.RulesMode == RulesMode.Shadow;
        // Ask the server for an answer the filter can read: a compressed one is refused, not passed unread.
        context.Request.Headers.AcceptEncoding = "identity";
        var response = context.Response;
        var body = response.Body;
        var filter = new ToolListFilterStream(body, response,
            fromUpstream: () => agentRequest.UpstreamStatus is not null,
            tool => shadow || McpMessageJudge.IsVisible(rules, provider.Name, tool, scopes), _answerLimit,
            context.Features.Get<McpMessageFeature>()?.IdJson);

        // Decided before the headers go out, so a rewritten or refused answer gets headers that fit.
        response.OnStarting(() =>
        {
            filter.Decide();
            return Task.CompletedTask;
        });
        response.Body = filter;
        try
        {
            await _next(context);
            if (agentRequest.Forwarded)
            {
                await filter.CompleteAsync(context.RequestAborted);
            }
        }
        finally
        {
            response.Body = body;
        }
    }

    private static Task Invalid(HttpContext context, string code, string message) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, code, message);

    private static bool HoldsTokenShape(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return SessionTokenShapeScanner.Appears(element.GetString(), percentDecode: true);
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HoldsTokenShape(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (SessionTokenShapeScanner.Appears(property.Name, percentDecode: true) || HoldsTokenShape(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, EventName = "McpMessageRefused", Level = LogLevel.Information,
            Message = "Refused an MCP message to provider {Provider} (rule {RuleId}): {Code}")]
        public static partial void Refused(ILogger logger, string provider, string ruleId, string code);

        [LoggerMessage(EventId = 3021, EventName = "McpMessageTokenShape", Level = LogLevel.Information,
            Message = "Refused an MCP message of session {SessionId} carrying a session-token-shaped value")]
        public static partial void TokenInMessage(ILogger logger, string sessionId);
    }
}
