namespace Latchkey.Credentials.Azure;

/// <summary>
/// What an Azure.Identity credential is built from, with its secrets as read just now. Compared
/// with what the cached credential was built from, so a rotated client secret (a new Key Vault
/// version, after its five-minute cache) gets a new credential instead of the revoked one forever.
/// <see cref="ToString"/> never prints the secret.
/// </summary>
public sealed class AzureCredentialInputs
{
    public AzureCredentialInputs(AzureCredentialKind kind, string? tenantId, string? clientId, SecretValue? clientSecret)
    {
        Kind = kind;
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public AzureCredentialKind Kind { get; }

    public string? TenantId { get; }

    public string? ClientId { get; }

    public SecretValue? ClientSecret { get; }

    /// <summary>True when a credential built from <paramref name="other"/> would be built from the same values.</summary>
    public bool SameAs(AzureCredentialInputs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind == other.Kind
            && string.Equals(TenantId, other.TenantId, StringComparison.Ordinal)
            && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal)
            && string.Equals(ClientSecret?.Reveal(), other.ClientSecret?.Reveal(), StringComparison.Ordinal);
    }

    public override string ToString() => $"{Kind} credential inputs";
}
