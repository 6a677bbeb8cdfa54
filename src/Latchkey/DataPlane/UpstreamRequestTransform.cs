using System.Collections.Frozen;
using System.Net.Http.Headers;
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
    // change the method the upstream executes (rules only ever judge the real method), in every
    // spelling a lenient server reads alike ('_' for '-'); the agent's own client-identity
    // headers go by ClientIdentityHeaders below.
    private static readonly FrozenSet<string> StrippedHeaders = new[]
    {
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
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // The names found to remove, per thread: removed after the pass, so no list per request.
    [ThreadStatic]
    private static List<string>? _doomed;

    private readonly bool _identityResponses;

    /// <param name="identityResponses">
    /// Drop the agent's <c>Accept-Encoding</c>, so the provider answers uncompressed and the echo
    /// scan can read every body: otherwise the agent, by asking for gzip, decides whether a
    /// response that reflects the credential is scanned at all. True while the body scan is on
    /// (<c>Forwarding:EchoScanBytes</c> &gt; 0).
    /// </param>
    public UpstreamRequestTransform(bool identityResponses = true)
    {
        _identityResponses = identityResponses;
    }

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

        // One pass over the headers the upstream request actually holds, whoever put them there
        // (YARP copies the agent's before this runs), rather than a removal per name: most of
        // these names are absent from most requests.
        // The injected header's own name is among them, in every spelling, so the credential
        // added below is the only one of its name.
        var inject = agentRequest.ProviderDefinition.Inject;
        var injectName = HeaderNameSpelling.Normalize(inject.Header);
        var doomed = _doomed ??= new List<string>(4);
        doomed.Clear();
        Collect(context.ProxyRequest.Headers.NonValidated, injectName, doomed);
        if (context.ProxyRequest.Content is { } content)
        {
            Collect(content.Headers.NonValidated, injectName, doomed);
        }

        foreach (var name in doomed)
        {
            RemoveHeader(context, name);
        }

        var incoming = context.HttpContext.Request.Headers;
        RemoveHeadersNamedByConnection(context, incoming);

        context.ProxyRequest.Headers.TryAddWithoutValidation(inject.Header, agentRequest.Credential.Reveal());
        return ValueTask.CompletedTask;
    }

    // The injected header goes in every spelling too (x_api_key beside the injected x-api-key
    // would hand a lenient server a second credential: the agent's); injectName is normalized.
    private void Collect(HttpHeadersNonValidated headers, string injectName, List<string> doomed)
    {
        foreach (var header in headers)
        {
            var name = HeaderNameSpelling.Normalize(header.Key);
            if (StrippedHeaders.Contains(name)
                || name.StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase)
                || ClientIdentityHeaders.Contains(header.Key)
                || name.Equals(injectName, StringComparison.OrdinalIgnoreCase)
                || (_identityResponses && name.Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase)))
            {
                doomed.Add(header.Key);
            }
        }
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
