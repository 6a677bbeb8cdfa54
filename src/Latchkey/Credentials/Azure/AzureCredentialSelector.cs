using Latchkey.Providers;

namespace Latchkey.Credentials.Azure;

/// <summary>Chooses the Azure.Identity credential from config; pure, so the choice is testable without Azure.</summary>
public static class AzureCredentialSelector
{
    /// <summary>The variable AKS workload identity projects into pods.</summary>
    public const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";

    public static AzureCredentialKind Choose(AgentCredentialSettings settings, bool federatedTokenFilePresent)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ClientSecret is not null)
        {
            return AzureCredentialKind.ClientSecret;
        }

        if (settings.ClientId is not null)
        {
            return federatedTokenFilePresent ? AzureCredentialKind.WorkloadIdentity : AzureCredentialKind.ManagedIdentity;
        }

        return AzureCredentialKind.Default;
    }
}
