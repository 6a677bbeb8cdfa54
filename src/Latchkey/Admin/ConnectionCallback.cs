using System.Security.Claims;
using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>GET /oauth/callback</c>: where the provider sends the user's browser back. Public, so it
/// trusts nothing but the single-use state; it answers with a small HTML page that names the
/// tenant, user and provider the account was connected to, and never echoes the query.
/// </summary>
internal static class ConnectionCallback
{
    public static async Task HandleAsync(
        HttpContext context, ConnectFlowService flows, IConfigSnapshotSource config, ManagementAudit audit, IOptions<AdminOptions> admin)
    {
        var query = context.Request.Query;
        var state = query["state"].ToString();
        if (string.IsNullOrEmpty(state) || query["state"].Count != 1 || query["code"].Count > 1)
        {
            await ConnectionCallbackPage.WriteAsync(context, StatusCodes.Status400BadRequest, null);
            return;
        }

        if (!audit.IsWritable)
        {
            await ConnectionCallbackPage.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, null);
            return;
        }

        ConnectCallbackResult result;
        try
        {
            var providerError = query.ContainsKey("error") ? "error" : null;
            result = await flows.CompleteAsync(state, query["code"].ToString(), providerError,
                name => config.Current.Providers.GetValueOrDefault(name), context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            await ConnectionCallbackPage.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, null);
            return;
        }

        if (result.Flow is not { } flow)
        {
            await ConnectionCallbackPage.WriteAsync(context, StatusCodes.Status400BadRequest, null);
            return;
        }

        // The flow's starter is the subject of this admin event; the browser presented no JWT.
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", flow.UserId), new Claim(admin.Value.TenantClaim, flow.Tenant)]));
        var status = result.Succeeded ? StatusCodes.Status200OK
            : result.Transient ? StatusCodes.Status502BadGateway
            : StatusCodes.Status400BadRequest;
        if (ManagementCaller.FromPrincipal(principal, admin.Value) is { } caller)
        {
            audit.Write(context, caller, ConnectionEndpoints.ConnectionComplete,
                result.Succeeded ? AuditDecisions.Allowed : AuditDecisions.Failed, status,
                target: flow.Provider, reason: result.Succeeded ? null : flow.Error);
        }

        await ConnectionCallbackPage.WriteAsync(context, status, result.Succeeded ? flow : null);
    }
}
