namespace Latchkey.Credentials.OAuth;

/// <summary>A successful token endpoint answer (RFC 6749 §5.1); secrets stay wrapped.</summary>
/// <param name="InstanceUrl">Salesforce's per-user API host (<c>instance_url</c>), when the provider sent one.</param>
internal sealed record TokenResponse(SecretValue AccessToken, SecretValue? RefreshToken, TimeSpan? ExpiresIn, IReadOnlyList<string>? Scopes, Uri? InstanceUrl = null);
