namespace Latchkey.Config;

/// <summary>How users connect a provider with their own identity (authorization code flow).</summary>
public sealed record OAuthSettings
{
    public Uri? AuthorizeUrl { get; init; }

    public Uri? TokenUrl { get; init; }

    public Uri? RevokeUrl { get; init; }

    public SecretReference? ClientId { get; init; }

    public SecretReference? ClientSecret { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>();
}
