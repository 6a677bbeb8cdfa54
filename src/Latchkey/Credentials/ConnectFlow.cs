namespace Latchkey.Credentials;

/// <summary>
/// One authorization-code flow started by a user. The <c>state</c> sent to the provider is never
/// stored, only its SHA-256, so a store dump cannot be replayed against the callback.
/// </summary>
public sealed record ConnectFlow
{
    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the state value.</summary>
    public required string StateHash { get; init; }

    public required string Tenant { get; init; }

    public required string UserId { get; init; }

    public required string Provider { get; init; }

    /// <summary>The PKCE verifier (RFC 7636); useless without the authorization code.</summary>
    public string? CodeVerifier { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The state is refused after this instant (10 minutes after the start).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public ConnectFlowStatus Status { get; init; } = ConnectFlowStatus.Pending;

    /// <summary>A short error code when failed (an OAuth error code or one of Latchkey's).</summary>
    public string? Error { get; init; }
}
