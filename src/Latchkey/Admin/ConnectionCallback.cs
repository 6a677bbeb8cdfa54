using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Hosting;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>GET /oauth/callback</c>: where the provider sends the user's browser back. Public, so it
/// trusts nothing but the single-use state and the binding cookie of the browser that continued
/// from the link page; it answers with a small HTML page that names the tenant, user and provider
/// the account was connected to, and never echoes the query.
/// </summary>
internal static class ConnectionCallback
{
    public static async Task HandleAsync(
        HttpContext context, ConnectFlowService flows, IConfigSnapshotSource config, ManagementAudit audit, IOptions<AdminOptions> admin,
        PublicUrl publicUrl)
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
            result = await flows.CompleteAsync(state, flowId => ConnectionBrowserCookie.Read(context, flowId, publicUrl),
                query["code"].ToString(), providerError, name => config.Current.Providers.GetValueOrDefault(name), context.RequestAborted);
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

        var browserMismatch = flow.Error == ConnectFlowErrors.BrowserMismatch;
        var status = result.Succeeded ? StatusCodes.Status200OK
            : result.Transient ? StatusCodes.Status502BadGateway
            : browserMismatch ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
        ConnectionFlowAudit.Write(context, audit, admin.Value, flow, ConnectionEndpoints.ConnectionComplete,
            result.Succeeded ? AuditDecisions.Allowed : browserMismatch ? AuditDecisions.Denied : AuditDecisions.Failed, status,
            reason: result.Succeeded ? null : flow.Error);
        ConnectionBrowserCookie.Delete(context, flow.Id, publicUrl);
        await ConnectionCallbackPage.WriteAsync(context, status, result.Succeeded ? flow : null, flow.Error);
    }
}
