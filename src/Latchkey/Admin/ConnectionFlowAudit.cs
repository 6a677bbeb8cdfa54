using System.Security.Claims;
using Latchkey.Credentials;

namespace Latchkey.Admin;

/// <summary>
/// Admin events of the public connect pages: the browser presents no JWT, so the flow's starter
/// (its tenant and user) is the subject, and the browser's address is the event's ClientIp.
/// </summary>
internal static class ConnectionFlowAudit
{
    public static void Write(
        HttpContext context, ManagementAudit audit, AdminOptions admin, ConnectFlow flow, string action, string decision, int status, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(flow);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", flow.UserId), new Claim(admin.TenantClaim, flow.Tenant)]));
        if (ManagementCaller.FromPrincipal(principal, admin) is { } caller)
        {
            audit.Write(context, caller, action, decision, status, target: flow.Provider, reason: reason);
        }
    }
}
