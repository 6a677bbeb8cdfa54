using Azure.Core;
using Azure.Identity;
using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>Builds the real Azure.Identity credential that <see cref="AzureCredentialSelector"/> picks.</summary>
internal sealed class AzureTokenCredentialFactory : IAzureTokenCredentialFactory
{
    private readonly ISecretResolver _secrets;

    public AzureTokenCredentialFactory(ISecretResolver secrets) => _secrets = secrets;

    public async ValueTask<AzureCredentialInputs?> ReadInputsAsync(AgentCredentialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var federated = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzureCredentialSelector.FederatedTokenFileVariable));
        var kind = AzureCredentialSelector.Choose(settings, federated);
        if (kind == AzureCredentialKind.Default)
        {
            return new AzureCredentialInputs(kind, settings.TenantId, clientId: null, clientSecret: null);
        }

        var clientId = settings.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        if (clientId is null)
        {
            return null;
        }

        if (kind != AzureCredentialKind.ClientSecret)
        {
            return new AzureCredentialInputs(kind, settings.TenantId, clientId, clientSecret: null);
        }

        var secret = await _secrets.ResolveAsync(settings.ClientSecret!, cancellationToken);
        return secret is null || settings.TenantId is null
            ? null
            : new AzureCredentialInputs(kind, settings.TenantId, clientId, new SecretValue(secret));
    }

    public TokenCredential Create(AzureCredentialInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Kind switch
        {
            AzureCredentialKind.ClientSecret => new ClientSecretCredential(inputs.TenantId, inputs.ClientId, inputs.ClientSecret!.Reveal()),
            AzureCredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
            {
                ClientId = inputs.ClientId,
                TenantId = inputs.TenantId,
            }),
            AzureCredentialKind.ManagedIdentity => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(inputs.ClientId!)),
            _ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ExcludeInteractiveBrowserCredential = true,
                TenantId = inputs.TenantId,
            }),
        };
    }
}
