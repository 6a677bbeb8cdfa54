namespace Latchkey.Credentials.Azure;

/// <summary>Which Azure.Identity credential a provider's <c>agent: {type: azure}</c> block selects.</summary>
public enum AzureCredentialKind
{
    /// <summary><c>tenant_id</c> + <c>client_id</c> + <c>client_secret</c>: an app registration's secret.</summary>
    ClientSecret,

    /// <summary><c>client_id</c> in a pod with a projected service-account token (AKS workload identity).</summary>
    WorkloadIdentity,

    /// <summary><c>client_id</c> elsewhere: a user-assigned managed identity.</summary>
    ManagedIdentity,

    /// <summary>Nothing given: DefaultAzureCredential (environment, workload, managed identity, developer tools).</summary>
    Default,
}
