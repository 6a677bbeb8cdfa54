using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.DataPlane;

/// <summary>
/// The transformer every provider request is forwarded with: YARP's header copying, then
/// Latchkey's request transform (path, stripped headers, the one credential) and response
/// transform (cookies, <c>Latchkey-*</c>, echoed credential, header URLs).
/// </summary>
/// <remarks>
/// A transformer of its own rather than one from YARP's transform builder: that one runs its
/// transforms through a general async loop and always adds the original-host transform, which
/// looks for route state (<c>IReverseProxyFeature</c>) that direct forwarding never has; on
/// Kestrel a feature that is absent is the costliest lookup there is (bench/README.md). What the
/// builder's transformer did for Latchkey is done here in the same order.
/// </remarks>
internal sealed class UpstreamTransformer : HttpTransformer
{
    private readonly RequestTransform _request;
    private readonly ResponseTransform _response;

    public UpstreamTransformer(RequestTransform request, ResponseTransform response)
    {
        _request = request;
        _response = response;
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // The base copies the agent's headers (minus hop-by-hop ones) and completes at once.
        var copied = base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        Debug.Assert(copied.IsCompletedSuccessfully, "copying headers never waits");

        var context = new RequestTransformContext
        {
            DestinationPrefix = destinationPrefix,
            HttpContext = httpContext,
            ProxyRequest = proxyRequest,
            Path = httpContext.Request.Path,
            HeadersCopied = true,
            CancellationToken = cancellationToken,
        };
        var applied = _request.ApplyAsync(context);
        if (!applied.IsCompletedSuccessfully)
        {
            return FinishAsync(applied, context);
        }

        Finish(context);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        // The base copies the upstream's headers; its answer (false without a response) is not
        // the transformer's: the response transform runs either way, and only it may hold back
        // the body (as YARP's own transformer does).
        var copied = base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        Debug.Assert(copied.IsCompletedSuccessfully, "copying headers never waits");

        var context = new ResponseTransformContext
        {
            HttpContext = httpContext,
            ProxyResponse = proxyResponse,
            HeadersCopied = true,
            CancellationToken = cancellationToken,
        };
        var applied = _response.ApplyAsync(context);
        return applied.IsCompletedSuccessfully
            ? new ValueTask<bool>(!context.SuppressResponseBody)
            : FinishAsync(applied, context);
    }

    /// <summary>
    /// Forwards no trailer. YARP's base copies the upstream's trailers to an agent that can take
    /// them (HTTP/2 behind TLS), and they come after the body, past the response transform: a
    /// trailer could hand the agent a cookie, a <c>Latchkey-*</c> field or the echoed credential.
    /// No provider API the presets cover sends trailers (gRPC, which does, is refused).
    /// </summary>
    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
        => ValueTask.CompletedTask;

    private static async ValueTask FinishAsync(ValueTask applied, RequestTransformContext context)
    {
        await applied;
        Finish(context);
    }

    private static async ValueTask<bool> FinishAsync(ValueTask applied, ResponseTransformContext context)
    {
        await applied;
        return !context.SuppressResponseBody;
    }

    private static void Finish(RequestTransformContext context)
    {
        // The transform answered the agent itself (a refusal): nothing is forwarded. The same
        // test as the forwarder's, which then sends nothing.
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.HasStarted)
        {
            return;
        }

        // The agent's Host was copied with the other headers; the upstream gets its own, from
        // the request URI (what YARP's original-host transform does when told not to keep it).
        context.ProxyRequest.Headers.Host = null;
        context.ProxyRequest.RequestUri ??= RequestUtilities.MakeDestinationAddress(
            context.DestinationPrefix, context.Path, context.HttpContext.Request.QueryString);
    }
}
