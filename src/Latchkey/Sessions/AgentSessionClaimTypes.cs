namespace Latchkey.Sessions;

/// <summary>Claim types on the principal built from an agent session.</summary>
public static class AgentSessionClaimTypes
{
    public const string Subject = "sub";
    public const string Tenant = "tid";
    public const string AgentId = "agent_id";
    public const string SessionId = "sid";
    public const string Scope = "scope";
}
