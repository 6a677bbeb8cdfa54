using Azure.Core;
using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>Creates the Azure.Identity credential for a provider; replaced in tests by a fake.</summary>
public interface IAzureTokenCredentialFactory
{
    /// <summary>What the credential is to be built from now, its secrets read afresh; null when one cannot be read.</summary>
    ValueTask<AzureCredentialInputs?> ReadInputsAsync(AgentCredentialSettings settings, CancellationToken cancellationToken);

    /// <summary>The credential for <paramref name="inputs"/>.</summary>
    TokenCredential Create(AzureCredentialInputs inputs);
}
