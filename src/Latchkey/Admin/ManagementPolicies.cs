namespace Latchkey.Admin;

/// <summary>Authorization policy names for the two authentication schemes.</summary>
public static class ManagementPolicies
{
    /// <summary>Authenticated by the management JWT bearer scheme only.</summary>
    public const string Management = "Management";
}
