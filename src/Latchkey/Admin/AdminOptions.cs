namespace Latchkey.Admin;

/// <summary>How management JWTs are validated, bound from <c>Latchkey:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Latchkey:Admin";

    /// <summary>OIDC authority whose published keys validate tokens (asymmetric algorithms only).</summary>
    public string? Authority { get; set; }

    /// <summary>Base64 symmetric key of at least 32 bytes for HS256 tokens.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    public string Audience { get; set; } = "latchkey";

    public string TenantClaim { get; set; } = "tid";

    public string RolesClaim { get; set; } = "roles";

    /// <summary>True when at least one way of validating tokens is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
