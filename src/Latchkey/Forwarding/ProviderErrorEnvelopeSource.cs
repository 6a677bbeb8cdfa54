using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Forwarding;

/// <summary>
/// The resolved provider's <c>errors</c> envelope for a data-plane request; Latchkey's own before
/// the provider is resolved (or when it is unknown) and for everything that is not the data plane.
/// </summary>
internal sealed class ProviderErrorEnvelopeSource : IErrorEnvelopeSource
{
    public ErrorEnvelope EnvelopeFor(HttpContext context) =>
        context.Features.Get<AgentRequestFeature>() is { IsDataPlane: true, ProviderDefinition: { } provider }
            ? provider.Errors
            : ErrorEnvelope.Latchkey;
}
