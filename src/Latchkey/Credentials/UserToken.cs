namespace Latchkey.Credentials;

/// <summary>A user's decrypted provider tokens, as held by the vault.</summary>
public sealed record UserToken
{
    public required SecretValue AccessToken { get; init; }

    public SecretValue? RefreshToken { get; init; }

    /// <summary>When the access token stops working; null when the provider gave no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>The user's own API host where the provider assigns one (Salesforce <c>instance_url</c>), already vetted.</summary>
    public Uri? InstanceUrl { get; init; }

    /// <summary>When the tokens were last obtained or refreshed; null means at <see cref="ConnectedAt"/>.</summary>
    public DateTimeOffset? RefreshedAt { get; init; }

    /// <summary>Set when the provider refused a refresh (<c>invalid_grant</c>): the user must connect again.</summary>
    public bool NeedsReauthorization { get; init; }
}
