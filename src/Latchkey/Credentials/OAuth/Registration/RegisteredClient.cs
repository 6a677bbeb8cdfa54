namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>
/// A client an authorization server registered for Latchkey (RFC 7591 §3.2.1), with what it was
/// registered at and for, so a client of another server or another callback URL is never used.
/// </summary>
internal sealed record RegisteredClient
{
    /// <summary>The token endpoint authentication methods Latchkey registers with, in order of preference.</summary>
    public static readonly IReadOnlyList<string> AuthMethods = [None, ClientSecretBasic, ClientSecretPost];

    /// <summary>A public client: PKCE protects the code, no secret exists (RFC 7591 §2).</summary>
    public const string None = "none";

    public const string ClientSecretBasic = "client_secret_basic";

    public const string ClientSecretPost = "client_secret_post";

    public required string ClientId { get; init; }

    /// <summary>Null for <see cref="None"/>.</summary>
    public SecretValue? ClientSecret { get; init; }

    /// <summary>One of <see cref="AuthMethods"/>.</summary>
    public required string AuthMethod { get; init; }

    /// <summary><c>client_secret_expires_at</c>; null when the secret never expires (0) or there is none.</summary>
    public DateTimeOffset? SecretExpiresAt { get; init; }

    /// <summary>The registration endpoint's absolute URI.</summary>
    public required string RegistrationEndpoint { get; init; }

    /// <summary>The redirect URI registered: Latchkey's <c>/oauth/callback</c>.</summary>
    public required string RedirectUri { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>
    /// True when this client is the one to use for <paramref name="registrationEndpoint"/> and
    /// <paramref name="redirectUri"/> at <paramref name="now"/>: its secret still lives for a whole
    /// connect flow, so the code is exchanged with the client that asked for it.
    /// </summary>
    public bool IsUsableFor(string registrationEndpoint, string redirectUri, DateTimeOffset now, TimeSpan margin) =>
        string.Equals(RegistrationEndpoint, registrationEndpoint, StringComparison.Ordinal)
        && string.Equals(RedirectUri, redirectUri, StringComparison.Ordinal)
        && (SecretExpiresAt is not { } expires || now + margin < expires);
}
