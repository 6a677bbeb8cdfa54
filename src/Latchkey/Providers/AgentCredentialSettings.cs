namespace Latchkey.Providers;

/// <summary>The provider's dedicated, minimally scoped identity (<c>credential: agent</c>).</summary>
public sealed record AgentCredentialSettings
{
    public required AgentCredentialType Type { get; init; }

    public Uri? TokenUrl { get; init; }

    public SecretReference? ClientId { get; init; }

    public SecretReference? ClientSecret { get; init; }

    public string? TenantId { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The key for <see cref="AgentCredentialType.ApiKey"/>.</summary>
    public SecretReference? Key { get; init; }

    /// <summary>
    /// Per-tenant credential sets (<c>agent.tenants</c>). When present they are used exclusively:
    /// a tenant without its own set gets no agent credential, never another tenant's.
    /// </summary>
    public IReadOnlyDictionary<string, AgentCredentialSettings>? Tenants { get; init; }
}
