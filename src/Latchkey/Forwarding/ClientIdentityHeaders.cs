using System.Collections.Frozen;

namespace Latchkey.Forwarding;

/// <summary>
/// Headers that claim who the client is or where the request came from. Upstreams, their CDNs and
/// WAFs trust one or another of them for rate limits, allowlists and audit, so an agent could
/// spoof its address through any of them: none is ever forwarded, in any spelling. The host
/// claims (<c>X-Original-Host</c>, <c>X-Host</c>, …) are among them: frameworks that honour one
/// build absolute URLs, redirects and tenant lookups from it.
/// </summary>
internal static class ClientIdentityHeaders
{
    private const string ForwardedPrefix = "X-Forwarded-";

    private static readonly FrozenSet<string> Names = new[]
    {
        "Forwarded", "Forwarded-For", "X-Forwarded", "X-Real-IP", "True-Client-IP", "X-Client-IP",
        "X-Cluster-Client-IP", "CF-Connecting-IP", "CF-Connecting-IPv6", "CF-Pseudo-IPv4", "Fastly-Client-IP",
        "X-Originating-IP", "X-Remote-IP", "X-Remote-Addr", "X-ProxyUser-Ip", "Client-IP", "X-Client-Addr",
        "X-Envoy-External-Address", "X-Original-Forwarded-For", "X-Azure-ClientIP", "X-Azure-SocketIP",
        "X-Appengine-User-IP", "Akamai-Client-IP", "X-Coming-From", "Via-Client-IP", "WL-Proxy-Client-IP",
        "Proxy-Client-IP", "HTTP-Client-IP", "X-Host-IP", "Fly-Client-IP", "X-Vercel-Forwarded-For",
        "X-Vercel-IP", "X-Original-For", "X-Original-Proto", "X-Original-Host", "X-Original-Prefix", "X-Host",
        "X-HTTP-Host-Override",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a client-identity header, <c>_</c> read as <c>-</c> (<c>X_Real_IP</c> is <c>X-Real-IP</c>).</summary>
    public static bool Contains(string headerName)
    {
        var name = HeaderNameSpelling.Normalize(headerName);
        return Names.Contains(name) || name.StartsWith(ForwardedPrefix, StringComparison.OrdinalIgnoreCase);
    }
}
