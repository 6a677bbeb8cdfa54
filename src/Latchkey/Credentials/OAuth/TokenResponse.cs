namespace Latchkey.Credentials.OAuth;

/// <summary>A successful token endpoint answer (RFC 6749 §5.1); secrets stay wrapped.</summary>
internal sealed record TokenResponse(SecretValue AccessToken, SecretValue? RefreshToken, TimeSpan? ExpiresIn, IReadOnlyList<string>? Scopes);
