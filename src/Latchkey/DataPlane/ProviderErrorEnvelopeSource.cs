using Latchkey.Hosting;
using Latchkey.Hosting.Errors;
using Latchkey.Sessions;

namespace Latchkey.DataPlane;

/// <summary>
/// The resolved provider's <c>errors</c> envelope for a data-plane request of a resolved session;
/// Latchkey's own before that (so an anonymous <c>401 invalid_session</c> is the same for every
/// name, configured or not, and provider names cannot be probed without a session), when the
/// provider is unknown, and for everything that is not the data plane.
/// </summary>
internal sealed class ProviderErrorEnvelopeSource : IErrorEnvelopeSource
{
    public ErrorEnvelope EnvelopeFor(HttpContext context) =>
        context.Features.Get<AgentRequestFeature>() is { IsDataPlane: true, ProviderDefinition: { } provider }
        && context.Features.Get<AgentSessionFeature>() is not null
            ? EnvelopeOf(context, provider)
            : ErrorEnvelope.Latchkey;

    // A remote MCP server's agents read JSON-RPC errors answering the message refused (docs/mcp.md).
    private static ErrorEnvelope EnvelopeOf(HttpContext context, Providers.ProviderDefinition provider) =>
        provider.Kind == Providers.ProviderKind.Mcp
            ? new JsonRpcErrorEnvelope(context.Features.Get<Mcp.Remote.McpMessageFeature>()?.IdJson)
            : provider.Errors;
}
