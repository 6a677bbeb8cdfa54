using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.Rules;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Latchkey.DataPlane;

/// <summary>
/// First gate of every request, before routing: refuses methods that can never be forwarded and
/// request targets that could be read two ways, then pins <see cref="HttpRequest.Path"/> to the
/// canonical path so routing, rules and the upstream all see one spelling. Decides how the
/// provider is addressed: by the first path segment, or, on a provider host
/// (<see cref="ProviderHostMatcher"/>), by the Host with the whole path as the provider path.
/// </summary>
internal sealed partial class RequestTargetMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ProviderHostMatcher _providerHosts;
    private readonly ILogger<RequestTargetMiddleware> _logger;

    public RequestTargetMiddleware(RequestDelegate next, ProviderHostMatcher providerHosts, ILogger<RequestTargetMiddleware> logger)
    {
        _next = next;
        _providerHosts = providerHosts;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // A tool call of /mcp comes with its ToolCallFeature (ToolCallRunner); REST requests never do.
        var agentRequest = new AgentRequestFeature { ToolCall = context.Features.Get<ToolCallFeature>() };
        context.Features.Set(agentRequest);
        var request = context.Request;

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }

        // RequestJudge holds the order (TRACE/CONNECT, target, then other methods) explain follows too.
        if (!RequestJudge.TryAcceptTarget(request.Method, rawTarget, request.Path.Value, request.QueryString.Value, out var target, out var refusal))
        {
            if (refusal.Kind == VerdictKind.AmbiguousPath)
            {
                Log.AmbiguousTarget(_logger, refusal.Rejection);
            }

            return VerdictResponse.WriteAsync(context, refusal);
        }

        if (!ReferenceEquals(target.Path, request.Path.Value))
        {
            request.Path = new PathString(target.Path);
        }
        var host = _providerHosts.Match(request.Host);
        if (host.IsProviderHost)
        {
            // On a provider host every path is the provider's, Latchkey's own (v1, oauth, healthz)
            // included: the Host alone names the provider, and the path cannot name another.
            agentRequest.Provider = host.Provider;
            agentRequest.ProviderHostBase = host.BaseDomain;
            agentRequest.UpstreamPath = target.Path;
        }
        else
        {
            RequestTargetCanonicalizer.TrySplitProvider(target.Path, out var provider, out var upstreamPath);
            if (ReservedSegments.All.Contains(provider))
            {
                agentRequest.IsDataPlane = false;
                return _next(context);
            }

            agentRequest.Provider = provider;
            agentRequest.UpstreamPath = upstreamPath;
        }

        agentRequest.Query = target.Query;

        if (!RequestJudge.TryAcceptMethod(request.Method, out refusal))
        {
            return VerdictResponse.WriteAsync(context, refusal);
        }

        // Method override and URL-rewriting headers (one list, also asked of each batch sub-request).
        if (SteeringHeaders.Find(request.Headers, out var message) is { } steering)
        {
            Log.RewriteHeaderRefused(_logger, steering); // a token: Kestrel refuses CR, LF and controls in names
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.AmbiguousPath, message!);
        }

        // A content header named in Connection is hop-by-hop to the upstream request and dropped
        // there, so the provider would read the body otherwise described than the rules and the
        // form check read it (no Content-Type: Rack parses a form).
        if (NamesContentHeader(request.Headers.Connection))
        {
            Log.RewriteHeaderRefused(_logger, "Connection");
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.AmbiguousPath,
                "The Connection header names a header that describes the body; the provider would read the body differently.");
        }

        // gRPC switches off Kestrel's request body limits; no provider API needs it.
        if (request.ContentType is { } contentType
            && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType, "gRPC requests are not accepted on provider routes.");
        }

        // No rule can name a protocol switch, so none is ever forwarded (WebSocket, h2c, HTTP/2 extended CONNECT).
        if (request.Headers.ContainsKey("Upgrade")
            || context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true)
        {
            Log.UpgradeRefused(_logger, agentRequest.Provider ?? string.Empty);
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest,
                ErrorCodes.InvalidRequest, "Protocol upgrades are not forwarded to providers.");
        }

        // Refuse a declared oversize body before anything is opened upstream (Kestrel would only
        // notice on the first read, when the forwarder has already started).
        if (request.ContentLength is { } length
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max
            && length > max)
        {
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                ErrorCodes.PayloadTooLarge, "The request body is larger than this proxy accepts.");
        }

        return _next(context);
    }

    private static bool NamesContentHeader(StringValues connection)
    {
        foreach (var value in connection)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var token = (comma < 0 ? rest : rest[..comma]).Trim();
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                if (token.Length > 8
                    && (token[..8].Equals("Content-", StringComparison.OrdinalIgnoreCase) || token[..8].Equals("Content_", StringComparison.OrdinalIgnoreCase)
                        || token.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || token.Equals("Transfer_Encoding", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "AmbiguousRequestTarget", Level = LogLevel.Information,
            Message = "Refused a request target that could be read two ways ({Rejection})")]
        public static partial void AmbiguousTarget(ILogger logger, PathRejection rejection);

        [LoggerMessage(EventId = 4003, EventName = "RewriteHeaderRefused", Level = LogLevel.Information,
            Message = "Refused a request carrying the {Header} header, which could make an upstream see another path or method than the rules did")]
        public static partial void RewriteHeaderRefused(ILogger logger, string header);

        [LoggerMessage(EventId = 4005, EventName = "UpgradeRefused", Level = LogLevel.Information,
            Message = "Refused a protocol upgrade on provider {Provider}")]
        public static partial void UpgradeRefused(ILogger logger, string provider);
    }
}
