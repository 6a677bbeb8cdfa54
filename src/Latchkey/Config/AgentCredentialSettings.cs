namespace Latchkey.Config;

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
}
