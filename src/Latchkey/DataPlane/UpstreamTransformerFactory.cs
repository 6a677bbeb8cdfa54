using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Latchkey.DataPlane;

/// <summary>Builds the one transformer every provider request is forwarded with: Latchkey's request and response transforms.</summary>
internal sealed class UpstreamTransformerFactory
{
    private static readonly UpstreamRequestTransform RequestTransform = new();

    private readonly ITransformBuilder _builder;
    private readonly UpstreamResponseTransform _responseTransform;

    public UpstreamTransformerFactory(ITransformBuilder builder, IOptions<ForwardingOptions> options, PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        _builder = builder;
        _responseTransform = new UpstreamResponseTransform(options.Value.EchoScanBytes, new ResponseUrlRewriter(publicUrl));
    }

    public HttpTransformer Create() => _builder.Create(Apply);

    private void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // No X-Forwarded-*/Forwarded to providers: they have no use for the agent's address,
        // and incoming copies are stripped by the request transform.
        context.UseDefaultForwarders = false;
        context.CopyRequestHeaders = true;
        context.CopyResponseHeaders = true;
        context.RequestTransforms.Add(RequestTransform);
        context.ResponseTransforms.Add(_responseTransform);
    }
}
