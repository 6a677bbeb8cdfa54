using Latchkey.Hosting;

namespace Latchkey.Admin;

/// <summary>
/// The common start of every state-changing management call: an identified caller, and an audit
/// trail that can record the change — otherwise the call is answered here and nothing changes.
/// </summary>
internal static class ManagementChange
{
    /// <summary>The caller, or null once 401 or 503 <c>audit_unavailable</c> has been written.</summary>
    public static async Task<ManagementCaller?> BeginAsync(HttpContext context, ManagementAudit audit, AdminOptions admin)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audit);
        if (ManagementCaller.FromPrincipal(context.User, admin) is not { } caller)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "A valid management bearer token is required.");
            return null;
        }

        if (!audit.IsWritable)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "The audit trail cannot be written; nothing was changed.");
            return null;
        }

        return caller;
    }
}
