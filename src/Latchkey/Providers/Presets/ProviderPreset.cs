using Latchkey.Hosting.Errors;
using Latchkey.Providers;

namespace Latchkey.Providers.Presets;

/// <summary>What Latchkey knows about one provider (its OAuth server, its SDKs); explicit providers.yaml keys win.</summary>
internal sealed record ProviderPreset
{
    public Uri? AuthorizeUrl { get; init; }

    public Uri? TokenUrl { get; init; }

    public Uri? RevokeUrl { get; init; }

    /// <summary>The revocation endpoint takes the access token, not the refresh token (Slack's <c>auth.revoke</c>).</summary>
    public bool RevokesAccessTokenOnly { get; init; }

    public OAuthClientAuthentication ClientAuth { get; init; } = OAuthClientAuthentication.ClientSecretPost;

    public bool UsePkce { get; init; } = true;

    public string ScopeSeparator { get; init; } = " ";

    public bool RotatesRefreshTokens { get; init; }

    public TimeSpan? IdleRefreshInterval { get; init; }

    /// <summary>Hosts a token response's <c>instance_url</c> may name (see <see cref="OAuthSettings.InstanceUrlHostSuffixes"/>).</summary>
    public IReadOnlyList<string> InstanceUrlHostSuffixes { get; init; } = [];

    /// <summary>Where this provider's SDKs present an API key, used as <c>session_token_from</c> when that key is absent.</summary>
    public IReadOnlyList<SessionTokenSource> SessionTokenFrom { get; init; } = SessionTokenSource.Default;

    /// <summary>The shape of error answers this provider's SDKs parse, used as <c>errors</c> when that key is absent.</summary>
    public ErrorEnvelope Errors { get; init; } = ErrorEnvelope.Latchkey;

    /// <summary>How the provider expects its API key, used as <c>inject</c> when that block is absent; null: <c>Authorization: Bearer</c>.</summary>
    public InjectSettings? Inject { get; init; }

    /// <summary>The provider's <c>credential</c> when providers.yaml names none: API-key providers have no user OAuth.</summary>
    public CredentialMode? Credential { get; init; }

    /// <summary>The provider's GraphQL endpoints, used as <c>graphql</c> when that key is absent.</summary>
    public IReadOnlyList<GraphQlEndpoint> GraphQlPaths { get; init; } = [];

    /// <summary>The provider's batch endpoints, used as <c>batch</c> when that key is absent.</summary>
    public IReadOnlyList<BatchEndpoint> BatchEndpoints { get; init; } = [];

    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
