using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.DataPlane;

/// <summary>Builds the one transformer every provider request is forwarded with: Latchkey's request and response transforms.</summary>
internal sealed class UpstreamTransformerFactory
{
    private readonly UpstreamRequestTransform _requestTransform;
    private readonly UpstreamResponseTransform _responseTransform;

    public UpstreamTransformerFactory(IOptions<ForwardingOptions> options, PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        _requestTransform = new UpstreamRequestTransform(identityResponses: options.Value.EchoScanBytes > 0);
        _responseTransform = new UpstreamResponseTransform(options.Value.EchoScanBytes, new ResponseUrlRewriter(publicUrl));
    }

    // No X-Forwarded-*/Forwarded to providers: they have no use for the agent's address, and
    // incoming copies are stripped by the request transform.
    public HttpTransformer Create() => new UpstreamTransformer(_requestTransform, _responseTransform);
}
