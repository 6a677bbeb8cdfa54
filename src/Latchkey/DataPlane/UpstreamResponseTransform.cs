using Latchkey.Forwarding;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.DataPlane;

/// <summary>
/// Cleans the upstream response before it reaches the agent: provider cookies would give the
/// agent a session of its own at the provider, <c>Latchkey-*</c> headers are ours alone, and an
/// upstream that echoes the injected credential must not hand it to the agent (headers are
/// always scrubbed, the body through <see cref="EchoScrubbingStream"/>); header URLs that point
/// at the upstream are pointed back at Latchkey (<see cref="ResponseUrlRewriter"/>).
/// </summary>
internal sealed class UpstreamResponseTransform : ResponseTransform
{
    private readonly long _echoScanBytes;
    private readonly ResponseUrlRewriter? _urls;

    /// <param name="echoScanBytes">How much of each response body is searched for the credential; 0 searches headers only.</param>
    /// <param name="urls">Points header URLs at the upstream back at Latchkey; null leaves them alone.</param>
    public UpstreamResponseTransform(long echoScanBytes = ForwardingOptions.DefaultEchoScanBytes, ResponseUrlRewriter? urls = null)
    {
        _echoScanBytes = echoScanBytes;
        _urls = urls;
    }

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agentRequest = context.HttpContext.Features.Get<AgentRequestFeature>();
        if (agentRequest is not null && context.ProxyResponse is not null)
        {
            agentRequest.UpstreamStatus = (int)context.ProxyResponse.StatusCode;
        }

        var headers = context.HttpContext.Response.Headers;
        headers.Remove(HeaderNames.SetCookie);
        headers.Remove("Set-Cookie2");

        // Trailers are never forwarded (UpstreamTransformer), so none is announced either.
        headers.Remove(HeaderNames.Trailer);

        var secret = default(InjectedSecret);
        var hasSecret = agentRequest is not null && InjectedSecret.TryGet(agentRequest, out secret);

        // Runs on every response: one pass, no LINQ, and lists only in the rare case there is
        // something to drop or scrub.
        List<string>? doomed = null;
        List<string>? echoed = null;
        List<string>? urls = null;
        foreach (var header in headers)
        {
            if (_urls is not null && ResponseUrlRewriter.MayHoldUrl(header.Value))
            {
                (urls ??= []).Add(header.Key);
            }

            if (HeaderNameSpelling.Normalize(header.Key).StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase))
            {
                (doomed ??= []).Add(header.Key);
            }
            else if (hasSecret && Contains(header.Value, secret.Chars))
            {
                (echoed ??= []).Add(header.Key);
            }
        }

        if (doomed is not null)
        {
            foreach (var name in doomed)
            {
                headers.Remove(name);
            }
        }

        if (urls is not null && agentRequest is not null)
        {
            _urls!.Rewrite(headers, urls, agentRequest);
        }

        if (hasSecret)
        {
            if (echoed is not null)
            {
                Scrub(headers, echoed, secret.Chars);
                agentRequest!.CredentialEchoed = true;
            }

            WrapBody(context, agentRequest!, secret);
        }

        return ValueTask.CompletedTask;
    }

    private static bool Contains(StringValues values, ReadOnlySpan<char> secret)
    {
        foreach (var value in values)
        {
            if (value is not null && value.AsSpan().Contains(secret, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Overwrites the secret with as many '*' in each header that holds it, as the header stands
    /// now: after the URL rewrite, which may have pointed it at Latchkey or removed it (writing
    /// back the values seen before the rewrite undid it and restored a removed header).
    /// </summary>
    private static void Scrub(IHeaderDictionary headers, List<string> echoed, ReadOnlySpan<char> secret)
    {
        var mask = new string('*', secret.Length);
        var secretText = secret.ToString();
        foreach (var name in echoed)
        {
            if (!headers.TryGetValue(name, out var values))
            {
                continue;
            }

            var scrubbed = new string?[values.Count];
            for (var i = 0; i < scrubbed.Length; i++)
            {
                scrubbed[i] = values[i]?.Replace(secretText, mask, StringComparison.Ordinal);
            }

            headers[name] = new StringValues(scrubbed);
        }
    }

    private void WrapBody(ResponseTransformContext context, AgentRequestFeature agentRequest, InjectedSecret secret)
    {
        // A compressed body is forwarded as the upstream encoded it: its bytes cannot be searched
        // without decompressing, which the proxy never does (docs/security.md).
        var response = context.HttpContext.Response;
        if (_echoScanBytes <= 0
            || context.SuppressResponseBody
            || HttpMethods.IsHead(context.HttpContext.Request.Method)
            || response.Headers.ContentEncoding is { Count: > 0 } encoding && !IsIdentity(encoding)
            || response.Headers.ContentLength == 0)
        {
            return;
        }

        response.Body = new EchoScrubbingStream(response.Body, secret.Utf8, _echoScanBytes, agentRequest);
    }

    private static bool IsIdentity(StringValues encoding) =>
        encoding.Count == 1 && string.Equals(encoding[0]?.Trim(), "identity", StringComparison.OrdinalIgnoreCase);
}
