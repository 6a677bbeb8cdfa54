namespace Latchkey.Credentials;

/// <summary>
/// One authorization-code flow started by a user. It begins with a link (the <c>authorize_url</c>
/// Latchkey hands out); the first browser that continues from that link's page is bound to the
/// flow, and only then is a <c>state</c> made. The link, the state and the browser's binding secret
/// are never stored, only their SHA-256, so a store dump cannot be replayed against either page.
/// </summary>
public sealed record ConnectFlow
{
    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the link secret in the <c>authorize_url</c>.</summary>
    public required string LinkHash { get; init; }

    /// <summary>Lower-case hex SHA-256 of the state value; null until a browser is bound.</summary>
    public string? StateHash { get; init; }

    /// <summary>
    /// Lower-case hex SHA-256 of the secret in the binding cookie of the browser that continued from
    /// the link; the callback is refused in any browser that does not present it. Null until bound.
    /// </summary>
    public string? BindingHash { get; init; }

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
