using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.DataPlane;

/// <summary>
/// Shapes the upstream request after YARP copied the agent's headers: sets the canonical path,
/// removes everything that identifies the agent's session or could steer the upstream, and
/// injects exactly one credential header. Stateless: one instance serves every request.
/// </summary>
internal sealed class UpstreamRequestTransform : RequestTransform
{
    // Headers whose value would leak the agent's credentials, spoof the client's identity or
    // change the method the upstream executes (rules only ever judge the real method), removed
    // even when nothing of the agent's put them there; the agent's own client-identity headers,
    // in every spelling, go by ClientIdentityHeaders below.
    private static readonly string[] StrippedHeaders =
    [
        HeaderNames.Authorization,
        HeaderNames.Cookie,
        HeaderNames.ProxyAuthorization,
        "Forwarded",
        "X-Real-IP",
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override",

        // Trace context (W3C Trace Context and Baggage, and .NET's older Request-Id and
        // Correlation-Context): no trace context reaches a provider, the agent's included; the
        // agent's headers are not Latchkey's trace, and baggage can carry anything.
        "traceparent",
        "tracestate",
        "baggage",
        "Request-Id",
        "Correlation-Context",
    ];

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agentRequest = context.HttpContext.Features.Get<AgentRequestFeature>();
        if (agentRequest?.Credential is null || agentRequest.UpstreamPath is null || agentRequest.ProviderDefinition is null)
        {
            // Only reachable if a step was skipped: never forward without a decided credential.
            return new ValueTask(ErrorResponseWriter.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.CredentialUnavailable, "No credential was decided for this request."));
        }

        // A remote MCP server's upstream is its endpoint itself: /{provider}/mcp goes to exactly that URL.
        context.Path = agentRequest.ProviderDefinition.Kind == Providers.ProviderKind.Mcp
            ? (agentRequest.ProviderDefinition.Upstream.AbsolutePath.EndsWith('/') ? "/" : PathString.Empty)
            : new PathString(agentRequest.UpstreamPath);
        if (agentRequest.UpstreamOverride is { } instance)
        {
            // Only ever a host the provider's settings allow (see OAuthSettings.VetInstanceUrl).
            context.DestinationPrefix = instance.GetLeftPart(UriPartial.Authority);
        }

        if (agentRequest.Query.Length > 1)
        {
            context.ProxyRequest.RequestUri = RawQueryUri.Create(context.DestinationPrefix, context.Path, agentRequest.Query);
        }

        // Removed whether or not the agent sent them: whatever put a header on the upstream
        // request, none of these ever leaves with it.
        foreach (var name in StrippedHeaders)
        {
            RemoveHeader(context, name);
        }

        var incoming = context.HttpContext.Request.Headers;
        RemoveHeadersNamedByConnection(context, incoming);

        // Enumerated as pairs: IHeaderDictionary.Keys builds a new set on every call.
        foreach (var header in incoming)
        {
            if (HeaderNameSpelling.Normalize(header.Key).StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase)
                || ClientIdentityHeaders.Contains(header.Key))
            {
                RemoveHeader(context, header.Key);
            }
        }

        var inject = agentRequest.ProviderDefinition.Inject;
        RemoveHeader(context, inject.Header);
        context.ProxyRequest.Headers.TryAddWithoutValidation(inject.Header, agentRequest.Credential.Reveal());
        return ValueTask.CompletedTask;
    }

    private static void RemoveHeadersNamedByConnection(RequestTransformContext context, IHeaderDictionary incoming)
    {
        // RFC 9110 §7.6.1: headers listed in Connection are hop-by-hop and must not be forwarded.
        foreach (var value in incoming.Connection)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                RemoveHeader(context, token);
            }
        }
    }
}
