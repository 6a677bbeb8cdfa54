namespace Latchkey.Admin;

/// <summary>The management roles carried in the JWT roles claim.</summary>
public static class ManagementRoles
{
    /// <summary>Everything within its tenant.</summary>
    public const string Admin = "latchkey.admin";

    /// <summary>Read and explain rules, list and revoke sessions.</summary>
    public const string Security = "latchkey.security";

    /// <summary>Read-only.</summary>
    public const string Auditor = "latchkey.auditor";
}
