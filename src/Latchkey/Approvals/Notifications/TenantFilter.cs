namespace Latchkey.Approvals.Notifications;

/// <summary>A channel's <c>Tenants</c> list: empty sends every tenant's approvals, otherwise only those listed.</summary>
internal static class TenantFilter
{
    public static bool Accepts(IReadOnlyCollection<string> tenants, string tenant) =>
        tenants.Count == 0 || tenants.Contains(tenant, StringComparer.Ordinal);
}
