namespace Latchkey.Credentials;

/// <summary>What the connection store keeps: metadata in the clear, tokens only encrypted.</summary>
public sealed record ConnectionRecord
{
    public required ConnectionKey Key { get; init; }

    /// <summary>The <see cref="UserToken"/> protected by the vault's Data Protection purpose.</summary>
    public required byte[] ProtectedTokens { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public required DateTimeOffset ConnectedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the tokens were last refreshed, in the clear so the idle refresher needs no decryption.</summary>
    public DateTimeOffset? RefreshedAt { get; init; }
}
