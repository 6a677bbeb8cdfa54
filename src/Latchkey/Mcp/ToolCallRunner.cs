using Latchkey.Approvals;
using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.Mcp;

/// <summary>
/// Runs a tool call's provider request through <see cref="ToolPipeline"/> as a request of its
/// own: method, target and JSON body from the tool's mapping, the session token in the position
/// the provider accepts it (the data plane strips it before forwarding, as for any request), the
/// MCP request's host and connection, and a response body kept up to a bound.
/// </summary>
internal sealed class ToolCallRunner
{
    private readonly ToolPipeline _pipeline;
    private readonly IConfigSnapshotSource _config;
    private readonly McpOptions _options;

    public ToolCallRunner(ToolPipeline pipeline, IConfigSnapshotSource config, IOptions<McpOptions> options)
    {
        _pipeline = pipeline;
        _config = config;
        _options = options.Value;
    }

    public async Task<ToolCallOutcome> RunAsync(
        HttpContext mcpRequest, ToolDefinition tool, ToolRequest request, ToolCallFeature call, string? approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mcpRequest);
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(request);
        var token = SessionTokenReader.Read(mcpRequest.Request, mcpRequest.Request.QueryString.Value ?? string.Empty, SessionTokenSource.Default).Token() ?? string.Empty;
        var provider = _config.Current.Providers.GetValueOrDefault(tool.Provider);
        var source = provider?.SessionTokenFrom is [var first, ..] ? first : SessionTokenSource.Authorization;

        var target = "/" + tool.Provider + request.PathAndQuery;
        if (source.Kind == SessionTokenSourceKind.Query)
        {
            target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + source.Name + "=" + Uri.EscapeDataString(token);
        }

        var context = new DefaultHttpContext { RequestServices = new ToolCallServices(mcpRequest.RequestServices) };
        context.Features.Set(call);
        context.RequestAborted = cancellationToken;
        CopyConnection(mcpRequest.Connection, context.Connection);

        var http = context.Request;
        var queryAt = target.IndexOf('?', StringComparison.Ordinal);
        context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget = target;
        http.Method = request.Method;
        http.Protocol = "HTTP/1.1";
        http.Scheme = mcpRequest.Request.Scheme;
        http.Host = mcpRequest.Request.Host;
        http.Path = PathString.FromUriComponent(queryAt < 0 ? target : target[..queryAt]);
        http.QueryString = queryAt < 0 ? QueryString.Empty : new QueryString(target[queryAt..]);
        http.Headers.Accept = "application/json";
        switch (source.Kind)
        {
            case SessionTokenSourceKind.Authorization:
                http.Headers.Authorization = "Bearer " + token;
                break;
            case SessionTokenSourceKind.Header:
                http.Headers[source.Name] = token;
                break;
        }

        if (approvalId is not null)
        {
            http.Headers[ApprovalGateStep.ApprovalHeader] = approvalId;
        }

        if (request.Body is { } body)
        {
            http.ContentType = "application/json";
            http.ContentLength = body.Length;
            http.Body = new MemoryStream(body, writable: false);
        }

        using var captured = new CappedBufferStream(_options.MaxResponseBytes);
        context.Response.Body = captured;
        await _pipeline.Pipeline(context);

        var outcome = context.Features.Get<RequestOutcomeFeature>();
        return new ToolCallOutcome(
            context.Response.StatusCode, outcome?.ErrorCode, captured.Kept.ToArray(), captured.Truncated, outcome?.RequestId);
    }

    private static void CopyConnection(ConnectionInfo from, ConnectionInfo to)
    {
        to.RemoteIpAddress = from.RemoteIpAddress;
        to.RemotePort = from.RemotePort;
        to.LocalIpAddress = from.LocalIpAddress;
        to.LocalPort = from.LocalPort;
    }
}
