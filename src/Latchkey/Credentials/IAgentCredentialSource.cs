using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>Obtains a provider's dedicated agent credential of one <see cref="AgentCredentialType"/>.</summary>
public interface IAgentCredentialSource
{
    AgentCredentialType Type { get; }

    /// <param name="provider">The provider the credential is for.</param>
    /// <param name="settings">The credential set to use (the provider's, or its tenant's).</param>
    /// <param name="cacheScope">Separates cached tokens: the tenant for per-tenant sets, empty for a shared set.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, AgentCredentialSettings settings, string cacheScope, CancellationToken cancellationToken);
}
