using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Mcp;

/// <summary>
/// The request services of a tool call's data-plane request: the MCP request's own, except that
/// every refusal is written in Latchkey's error shape (<c>{"error", "message", ...}</c>), whatever
/// the provider's <c>errors:</c> envelope, so the tool result can always read its code and extras.
/// </summary>
internal sealed class ToolCallServices(IServiceProvider inner) : IServiceProvider
{
    private static readonly IErrorEnvelopeSource LatchkeyShape = new LatchkeyEnvelopeSource();

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IErrorEnvelopeSource) ? LatchkeyShape : inner.GetService(serviceType);

    private sealed class LatchkeyEnvelopeSource : IErrorEnvelopeSource
    {
        public ErrorEnvelope EnvelopeFor(HttpContext context) => ErrorEnvelope.Latchkey;
    }
}
