namespace Latchkey.Sessions;

/// <summary>Names for the agent session authentication scheme and its authorization policy.</summary>
public static class AgentSessionDefaults
{
    public const string AuthenticationScheme = "AgentSession";

    /// <summary>The policy the data plane requires: authenticated by the AgentSession scheme only.</summary>
    public const string PolicyName = "AgentSession";
}
