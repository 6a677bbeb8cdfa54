using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Approvals;
using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Mcp.Remote;
using Latchkey.Sessions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Latchkey.Mcp;

/// <summary>
/// <c>tools/list</c> and <c>tools/call</c> of the MCP server: lists the tools of the current
/// config snapshot that <see cref="ToolVisibility"/> shows the session; checks a call's arguments
/// against the tool's schema (a JSON-RPC error naming the field, nothing forwarded), maps it onto
/// its provider request and runs that through the data plane (<see cref="ToolCallRunner"/>).
/// </summary>
internal sealed partial class McpToolHandlers
{
    private readonly IConfigSnapshotSource _config;
    private readonly ToolCallRunner _runner;
    private readonly InvalidArgumentsAudit _invalidArguments;
    private readonly ApprovalWaiter _waiter;
    private readonly McpOptions _options;
    private readonly ILogger<McpToolHandlers> _logger;

    public McpToolHandlers(
        IConfigSnapshotSource config,
        ToolCallRunner runner,
        InvalidArgumentsAudit invalidArguments,
        ApprovalWaiter waiter,
        IOptions<McpOptions> options,
        ILogger<McpToolHandlers> logger)
    {
        _config = config;
        _runner = runner;
        _invalidArguments = invalidArguments;
        _waiter = waiter;
        _options = options.Value;
        _logger = logger;
    }

    public ListToolsResult List(IServiceProvider requestServices)
    {
        var (_, session) = Caller(requestServices);
        var config = _config.Current;
        return new ListToolsResult
        {
            Tools = [.. config.Tools.Where(t => ToolVisibility.IsVisible(t, config, session.Scopes)).Select(ToProtocol)],
        };
    }

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (http, session) = Caller(request.Services);
        var name = request.Params?.Name ?? string.Empty;
        var tool = _config.Current.Tools.FirstOrDefault(t => t.Name == name)
            ?? throw new McpProtocolException("Unknown tool.", McpErrorCode.InvalidParams);

        var arguments = new JsonObject();
        foreach (var (key, value) in request.Params?.Arguments ?? new Dictionary<string, JsonElement>())
        {
            arguments[key] = ToNode(value);
        }

        var approvalId = TakeApprovalId(arguments, request.Params?.Meta);
        var call = ToolCallFeature.Of(tool.Name, arguments);
        // The field's name goes into a log line: no control characters from the agent.
        var invalid = ToolArgumentValidator.Validate(tool, arguments) is { } failed
            ? failed with { Field = string.Concat(failed.Field.Where(c => !char.IsControl(c))) }
            : null;
        var mapped = invalid is null ? ToolRequestBuilder.Build(tool, arguments, out invalid) : null;
        if (mapped is null)
        {
            Log.InvalidArguments(_logger, tool.Name, session.Id, invalid!.Field);
            await _invalidArguments.RecordAsync(http, session, tool, call.ArgumentsHash);
            throw new McpProtocolException(invalid.Message, McpErrorCode.InvalidParams);
        }

        var outcome = await _runner.RunAsync(http, tool, mapped, call, approvalId, cancellationToken);
        var error = outcome.ErrorCode is null ? null : ParseError(outcome.Body);
        if (outcome.ErrorCode == ErrorCodes.ApprovalRequired && _waiter.Waits && error?["approval_id"]?.GetValue<string>() is { } held
            && await _waiter.WaitForDecisionAsync(session.Tenant, held, cancellationToken))
        {
            // Decided while the call waited: run it again with the approval, which forwards it once or answers the denial.
            outcome = await _runner.RunAsync(http, tool, mapped, call, held, cancellationToken);
            error = outcome.ErrorCode is null ? null : ParseError(outcome.Body);
        }

        if (outcome.ErrorCode is not { } code)
        {
            return ToolResultFactory.Answer(tool, outcome, _options.MaxResultChars);
        }

        if (code == ErrorCodes.ConnectionRequired && request.Server.ClientCapabilities?.Elicitation?.Url is not null
            && error?["authorize_url"]?.GetValue<string>() is { } link)
        {
            // URL-mode elicitation (MCP 2025-11-25): the client opens the link for the user and retries.
            throw new UrlElicitationRequiredException(
                $"The user must connect {tool.Provider} before {tool.Name} can run.",
                [new ElicitRequestParams { Mode = "url", Url = link, ElicitationId = outcome.RequestId ?? Guid.NewGuid().ToString("N"), Message = $"Connect {tool.Provider} to Latchkey." }]);
        }

        return ToolResultFactory.Refusal(tool, code, error, outcome.RequestId);
    }

    private static (HttpContext Http, SessionRecord Session) Caller(IServiceProvider? requestServices)
    {
        // The endpoint requires the AgentSession scheme, which sets the feature; no session, no tools.
        var http = requestServices?.GetService<McpEndpointRequest>()?.Context;
        var session = http?.Features.Get<AgentSessionFeature>()?.Session;
        return http is null || session is null
            ? throw new McpProtocolException("No agent session.", McpErrorCode.InvalidRequest)
            : (http, session);
    }

    /// <summary>
    /// The approval the agent names, if any: <c>latchkey_approval_id</c> among the arguments (taken
    /// out, so the arguments are the tool's own) or <c>params._meta["latchkey/approval_id"]</c>, as at a
    /// remote MCP front. Without one the call is retried by making it again (docs/mcp.md).
    /// </summary>
    private static string? TakeApprovalId(JsonObject arguments, JsonObject? meta)
    {
        var fromArguments = arguments.Remove(ToolPlaceholders.ApprovalArgument, out var argument)
            ? WellFormedApprovalId(argument, $"argument '{ToolPlaceholders.ApprovalArgument}'")
            : null;
        var fromMeta = meta is not null && meta.TryGetPropertyValue(McpMethods.ApprovalMetaKey, out var named)
            ? WellFormedApprovalId(named, $"params._meta[\"{McpMethods.ApprovalMetaKey}\"]")
            : null;
        return fromArguments is not null && fromMeta is not null && fromArguments != fromMeta
            ? throw new McpProtocolException(
                $"Invalid argument '{ToolPlaceholders.ApprovalArgument}': it names another approval than params._meta[\"{McpMethods.ApprovalMetaKey}\"]; name one.",
                McpErrorCode.InvalidParams)
            : fromArguments ?? fromMeta;
    }

    private static string WellFormedApprovalId(JsonNode? value, string where) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && ApprovalIds.IsWellFormed(v.GetValue<string>())
            ? v.GetValue<string>()
            : throw new McpProtocolException($"Invalid {where}: must be the approval id a held call returned (apr_...)", McpErrorCode.InvalidParams);

    // A node over the element the SDK already parsed, not a second parse of its text.
    private static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(value),
    };

    private static JsonObject? ParseError(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Tool ToProtocol(ToolDefinition tool) => new()
    {
        Name = tool.Name,
        Description = tool.Description,
        InputSchema = JsonSerializer.SerializeToElement(tool.InputSchema, McpJsonContext.Default.JsonObject),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, EventName = "ToolArgumentsInvalid", Level = LogLevel.Information,
            Message = "Refused a call of tool {Tool} by session {SessionId}: argument {Field} is invalid; nothing was forwarded")]
        public static partial void InvalidArguments(ILogger logger, string tool, string sessionId, string field);
    }
}
