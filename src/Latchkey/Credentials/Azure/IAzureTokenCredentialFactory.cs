using Azure.Core;
using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>Creates the Azure.Identity credential for a provider; replaced in tests by a fake.</summary>
public interface IAzureTokenCredentialFactory
{
    /// <summary>The credential, or null when a secret it needs cannot be read.</summary>
    ValueTask<TokenCredential?> CreateAsync(AgentCredentialSettings settings, CancellationToken cancellationToken);
}
