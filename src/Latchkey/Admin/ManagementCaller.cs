using System.Security.Claims;

namespace Latchkey.Admin;

/// <summary>The authenticated caller of a management endpoint: tenant, user and roles.</summary>
internal sealed class ManagementCaller
{
    private ManagementCaller(string tenant, string userId, IReadOnlySet<string> roles)
    {
        Tenant = tenant;
        UserId = userId;
        Roles = roles;
    }

    public string Tenant { get; }

    public string UserId { get; }

    public IReadOnlySet<string> Roles { get; }

    public bool IsAdmin => Roles.Contains(ManagementRoles.Admin);

    public bool CanReadTenantSessions =>
        IsAdmin || Roles.Contains(ManagementRoles.Security) || Roles.Contains(ManagementRoles.Auditor);

    public bool CanRevokeTenantSessions => IsAdmin || Roles.Contains(ManagementRoles.Security);

    /// <summary>Reading the allowlist and explaining decisions is for admins and the security team.</summary>
    public bool CanReadRules => IsAdmin || Roles.Contains(ManagementRoles.Security);

    /// <summary>The caller, or null when the principal lacks <c>sub</c> or the tenant claim.</summary>
    public static ManagementCaller? FromPrincipal(ClaimsPrincipal principal, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(options);
        var userId = principal.FindFirst("sub")?.Value;
        var tenant = principal.FindFirst(options.TenantClaim)?.Value;
        if (string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(tenant))
        {
            return null;
        }

        var roles = principal.FindAll(options.RolesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new ManagementCaller(tenant, userId, roles);
    }
}
