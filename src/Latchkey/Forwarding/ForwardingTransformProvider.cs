using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Latchkey.Forwarding;

/// <summary>Applies Latchkey's request and response transforms to every provider route.</summary>
internal sealed class ForwardingTransformProvider : ITransformProvider
{
    private static readonly UpstreamRequestTransform RequestTransform = new();
    private static readonly UpstreamResponseTransform ResponseTransform = new();

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // No X-Forwarded-*/Forwarded to providers: they have no use for the agent's address,
        // and incoming copies are stripped by the request transform.
        context.UseDefaultForwarders = false;
        context.CopyRequestHeaders = true;
        context.CopyResponseHeaders = true;
        context.RequestTransforms.Add(RequestTransform);
        context.ResponseTransforms.Add(ResponseTransform);
    }
}
