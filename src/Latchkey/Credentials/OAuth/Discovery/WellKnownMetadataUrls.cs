namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>The well-known addresses of the metadata documents discovery reads, in the order they are tried.</summary>
internal static class WellKnownMetadataUrls
{
    private const string ProtectedResourceSegment = "/.well-known/oauth-protected-resource";
    private const string AuthorizationServerSegment = "/.well-known/oauth-authorization-server";
    private const string OpenIdSegment = "/.well-known/openid-configuration";

    /// <summary>
    /// RFC 9728 §3.1: the well-known segment goes between the host and the resource's path
    /// (<c>https://host/.well-known/oauth-protected-resource/mcp</c>); the root form is tried next,
    /// as the MCP authorization specification has clients do.
    /// </summary>
    public static IReadOnlyList<Uri> ProtectedResource(Uri resource)
    {
        var (origin, path) = Split(resource);
        return path.Length == 0
            ? [new Uri(origin + ProtectedResourceSegment)]
            : [new Uri(origin + ProtectedResourceSegment + path), new Uri(origin + ProtectedResourceSegment)];
    }

    /// <summary>
    /// RFC 8414 §3.1 (path inserted), then OpenID Connect Discovery inserted and appended
    /// (<c>https://as/tenant/.well-known/openid-configuration</c>), the MCP specification's order.
    /// </summary>
    public static IReadOnlyList<Uri> AuthorizationServer(Uri issuer)
    {
        var (origin, path) = Split(issuer);
        return path.Length == 0
            ? [new Uri(origin + AuthorizationServerSegment), new Uri(origin + OpenIdSegment)]
            : [new Uri(origin + AuthorizationServerSegment + path), new Uri(origin + OpenIdSegment + path), new Uri(origin + path + OpenIdSegment)];
    }

    private static (string Origin, string Path) Split(Uri identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return (identifier.GetLeftPart(UriPartial.Authority), identifier.AbsolutePath.TrimEnd('/'));
    }
}
