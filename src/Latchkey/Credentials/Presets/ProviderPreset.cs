namespace Latchkey.Credentials.Presets;

/// <summary>What Latchkey knows about one provider's OAuth server; explicit providers.yaml keys win.</summary>
internal sealed record ProviderPreset
{
    public Uri? AuthorizeUrl { get; init; }

    public Uri? TokenUrl { get; init; }

    public Uri? RevokeUrl { get; init; }

    public OAuthClientAuthentication ClientAuth { get; init; } = OAuthClientAuthentication.ClientSecretPost;

    public bool UsePkce { get; init; } = true;

    public string ScopeSeparator { get; init; } = " ";

    public bool RotatesRefreshTokens { get; init; }

    public TimeSpan? IdleRefreshInterval { get; init; }

    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
