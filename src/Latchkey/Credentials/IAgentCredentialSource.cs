using Latchkey.Config;

namespace Latchkey.Credentials;

/// <summary>Obtains a provider's dedicated agent credential of one <see cref="AgentCredentialType"/>.</summary>
public interface IAgentCredentialSource
{
    AgentCredentialType Type { get; }

    ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, CancellationToken cancellationToken);
}
