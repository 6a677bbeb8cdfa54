using Azure.Core;
using Azure.Identity;
using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>Builds the real Azure.Identity credential that <see cref="AzureCredentialSelector"/> picks.</summary>
internal sealed class AzureTokenCredentialFactory : IAzureTokenCredentialFactory
{
    private readonly ISecretResolver _secrets;

    public AzureTokenCredentialFactory(ISecretResolver secrets) => _secrets = secrets;

    public async ValueTask<TokenCredential?> CreateAsync(AgentCredentialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clientId = settings.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        var federated = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureCredentialSelector.FederatedTokenFileVariable));
        switch (AzureCredentialSelector.Choose(settings, federated))
        {
            case AzureCredentialKind.ClientSecret:
                var secret = await _secrets.ResolveAsync(settings.ClientSecret!, cancellationToken);
                return clientId is null || secret is null || settings.TenantId is null
                    ? null
                    : new ClientSecretCredential(settings.TenantId, clientId, secret);
            case AzureCredentialKind.WorkloadIdentity:
                return clientId is null ? null : new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
                {
                    ClientId = clientId,
                    TenantId = settings.TenantId,
                });
            case AzureCredentialKind.ManagedIdentity:
                return clientId is null ? null : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            default:
                return new DefaultAzureCredential(new DefaultAzureCredentialOptions
                {
                    ExcludeInteractiveBrowserCredential = true,
                    TenantId = settings.TenantId,
                });
        }
    }
}
