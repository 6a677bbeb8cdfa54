using Latchkey.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// Last step of the data plane: hands a request every earlier step let through to YARP's
/// forwarder, which streams it to the provider's upstream and the answer back.
/// </summary>
/// <remarks>
/// Latchkey calls <see cref="IHttpForwarder"/> directly rather than through YARP's routes and
/// proxy pipeline: the provider is already known from the canonical path, there is one
/// destination per provider, and the allowlist is ours, so endpoint routing, route values,
/// load balancing and health state would only add per-request cost (bench/README.md).
/// </remarks>
internal sealed class UpstreamForwardingStep
{
    private readonly IHttpForwarder _forwarder;
    private readonly HttpTransformer _transformer;
    private readonly ForwarderRequestConfig _requestConfig;

    public UpstreamForwardingStep(RequestDelegate next, IHttpForwarder forwarder, UpstreamTransformerFactory transformers, IOptions<ForwardingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        ArgumentNullException.ThrowIfNull(options);
        _ = next; // terminal: nothing runs after the forwarder
        _forwarder = forwarder;
        _transformer = transformers.Create();
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = options.Value.UpstreamTimeout };
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.Get<AgentRequestFeature>();
        if (agentRequest is not { Forwarded: true, Upstream: { } upstream })
        {
            // Only reachable if a step was skipped: never forward an undecided request.
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.CredentialUnavailable, "No credential was decided for this request.");
        }

        var sending = _forwarder.SendAsync(context, upstream.DestinationPrefix, upstream.Client, _requestConfig, _transformer);
        return sending.IsCompletedSuccessfully ? Task.CompletedTask : sending.AsTask();
    }
}
