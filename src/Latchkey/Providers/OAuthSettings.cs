namespace Latchkey.Providers;

/// <summary>How users connect a provider with their own identity (authorization code flow).</summary>
public sealed record OAuthSettings
{
    /// <summary>
    /// <c>discovery: true</c> (kind: mcp only): the endpoints below are not configured but discovered
    /// server-side from the upstream's metadata (RFC 9728, RFC 8414) when a user connects or a token is used.
    /// </summary>
    public bool Discovery { get; init; }

    /// <summary>
    /// <c>registration: dynamic</c> (with discovery only): no client is configured; Latchkey registers
    /// one with the authorization server (RFC 7591) and keeps it in the store for every instance.
    /// </summary>
    public bool DynamicRegistration { get; init; }

    /// <summary>
    /// The RFC 8707 resource indicator sent on the authorize and token requests: the upstream MCP URL,
    /// set only on settings whose endpoints were discovered.
    /// </summary>
    public string? Resource { get; init; }

    public Uri? AuthorizeUrl { get; init; }

    public Uri? TokenUrl { get; init; }

    /// <summary>The revocation endpoint (RFC 7009 <c>revoke_url</c>); null: disconnecting cannot revoke at the provider.</summary>
    public Uri? RevokeUrl { get; init; }

    /// <summary>Set by a preset whose revocation endpoint takes the access token only (Slack's <c>auth.revoke</c>).</summary>
    public bool RevokesAccessTokenOnly { get; init; }

    public SecretReference? ClientId { get; init; }

    public SecretReference? ClientSecret { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>();

    /// <summary>Token endpoint authentication; null means <c>client_secret_basic</c>, the method every server must support.</summary>
    public OAuthClientAuthentication? ClientAuth { get; init; }

    /// <summary>False only for providers known to reject PKCE parameters; S256 is sent otherwise.</summary>
    public bool UsePkce { get; init; } = true;

    /// <summary>How the <c>scope</c> parameter joins scopes (Slack and Linear use a comma).</summary>
    public string ScopeSeparator { get; init; } = " ";

    /// <summary>The provider issues a new refresh token on every refresh and invalidates the old one.</summary>
    public bool RotatesRefreshTokens { get; init; }

    /// <summary>When set, refresh tokens die if unused this long: the background refresher uses them earlier.</summary>
    public TimeSpan? IdleRefreshInterval { get; init; }

    /// <summary>
    /// Hosts a token response's <c>instance_url</c> may name (Salesforce's preset sets them): requests
    /// of that user then go there instead of <c>upstream</c>. Empty: instance URLs are ignored.
    /// </summary>
    public IReadOnlyList<string> InstanceUrlHostSuffixes { get; init; } = [];

    public OAuthClientAuthentication EffectiveClientAuth => ClientAuth ?? OAuthClientAuthentication.ClientSecretBasic;

    /// <summary>True when users can connect: a client id (configured or to be registered) and both endpoints (configured or to be discovered).</summary>
    public bool CanConnect => (ClientId is not null || DynamicRegistration) && (Discovery || (AuthorizeUrl is not null && TokenUrl is not null));

    /// <summary>The instance URL if it is https on an allowed host with no path, query or user info; else null.</summary>
    public Uri? VetInstanceUrl(Uri? url) =>
        url is { Scheme: "https", UserInfo: "", Query: "", Fragment: "", AbsolutePath: "/" }
        && InstanceUrlHostSuffixes.Any(suffix => url.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            ? url
            : null;
}
