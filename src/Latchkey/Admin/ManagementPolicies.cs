namespace Latchkey.Admin;

/// <summary>Authorization policy names for the two authentication schemes.</summary>
public static class ManagementPolicies
{
    /// <summary>Authenticated by the management JWT bearer scheme only.</summary>
    public const string Management = "Management";

    /// <summary>A management JWT or an agent session (an agent may read its own approvals).</summary>
    public const string ManagementOrAgent = "ManagementOrAgent";
}
