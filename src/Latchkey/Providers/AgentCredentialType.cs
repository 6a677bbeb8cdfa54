namespace Latchkey.Providers;

/// <summary>How a provider's dedicated agent credential is obtained.</summary>
public enum AgentCredentialType
{
    ClientCredentials,
    Azure,
    ApiKey,
}
