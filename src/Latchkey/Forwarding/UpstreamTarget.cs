namespace Latchkey.Forwarding;

/// <summary>Where one provider's requests go: the upstream's base address and the connection pool that reaches it.</summary>
/// <param name="DestinationPrefix">The provider's <c>upstream</c> without a trailing slash; the canonical path is appended to it.</param>
/// <param name="Client">The provider's own pooled HTTP client (never shared across providers, never per request).</param>
internal readonly record struct UpstreamTarget(string DestinationPrefix, HttpMessageInvoker Client);
