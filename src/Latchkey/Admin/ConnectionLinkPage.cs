using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Hosting;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>/oauth/connect/{link}</c>, the <c>authorize_url</c> Latchkey hands out. GET shows whom the
/// browser is about to connect for (provider, user, tenant) and sets the flow's binding cookie;
/// POST (the page's Continue button, proven by a form field only that page carries) binds the flow
/// to this browser, once, and redirects to the provider. Any other browser is refused, here and at
/// the callback, so a forwarded link cannot bind someone else's account to the flow's user.
/// </summary>
internal static class ConnectionLinkPage
{
    public const string BasePath = "/oauth/connect";
    private const string Gone =
        "<h1>Link not usable</h1><p>This connect link is invalid, expired, or was already opened in another browser. "
        + "Start connecting again from your agent or the Latchkey API.</p>";

    public static IEndpointRouteBuilder MapConnectionLinkPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(BasePath + "/{link}", ShowAsync).AllowAnonymous();
        endpoints.MapPost(BasePath + "/{link}", ContinueAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task ShowAsync(string link, HttpContext context, ConnectFlowService flows, PublicUrl publicUrl, TimeProvider time)
    {
        ConnectFlow? flow;
        try
        {
            flow = IsWellFormed(link) ? await flows.FindLinkAsync(link, context.RequestAborted) : null;
        }
        catch (StoreUnavailableException)
        {
            await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "<h1>Try again shortly</h1><p>Latchkey's store is unavailable.</p>");
            return;
        }

        if (flow is null)
        {
            await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status404NotFound, Gone);
            return;
        }

        // Reopening the page in the same browser keeps its secret, so an older tab's form still works.
        var secret = ConnectionBrowserCookie.Read(context, flow.Id, publicUrl) ?? PkceValues.NewRandom();
        ConnectionBrowserCookie.Write(context, flow, secret, publicUrl, time);
        var action = $"{BasePath}/{Uri.EscapeDataString(link)}";
        await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status200OK,
            $"<h1>Connect {Encode(flow.Provider)}</h1>"
            + $"<p>You are connecting <strong>{Encode(flow.Provider)}</strong> for Latchkey user <strong>{Encode(flow.UserId)}</strong> "
            + $"in tenant <strong>{Encode(flow.Tenant)}</strong>.</p>"
            + "<p>The account you sign in to next will be used by that user's agents. Continue only if you asked for this and that user is you. "
            + "If someone sent you this link, close this window.</p>"
            + $"<form method=\"post\" action=\"{Encode(action)}\">"
            + $"<input type=\"hidden\" name=\"proof\" value=\"{ConnectionBrowserCookie.FormProofOf(secret)}\">"
            + "<button type=\"submit\">Continue</button></form>");
    }

    private static async Task ContinueAsync(
        string link, HttpContext context, ConnectFlowService flows, IConfigSnapshotSource config, ManagementAudit audit,
        IOptions<AdminOptions> admin, PublicUrl publicUrl)
    {
        if (!IsWellFormed(link) || !context.Request.HasFormContentType)
        {
            await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status400BadRequest, Gone);
            return;
        }

        if (!audit.IsWritable)
        {
            await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "<h1>Try again shortly</h1><p>Latchkey cannot record this right now.</p>");
            return;
        }

        try
        {
            if (await flows.FindLinkAsync(link, context.RequestAborted) is not { } flow)
            {
                await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status404NotFound, Gone);
                return;
            }

            // A cross-site form cannot carry the proof (it never saw the page) and, being a cross-site
            // POST, does not send the SameSite=Lax cookie either: the link stays unclaimed.
            var secret = ConnectionBrowserCookie.Read(context, flow.Id, publicUrl);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (secret is null || !ConnectionBrowserCookie.IsFormProof(form["proof"].ToString(), secret))
            {
                await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status403Forbidden,
                    "<h1>Open the link again</h1><p>This page was not opened in this browser. Open the connect link again.</p>");
                return;
            }

            var result = await flows.BindBrowserAsync(link, secret, name => config.Current.Providers.GetValueOrDefault(name), context.RequestAborted);
            if (result is not ConnectBindResult.Bound { Binding: var binding })
            {
                // The page is the same either way; the audit says whether the link was spent or the flow failed (and why).
                var (decision, reason) = result is ConnectBindResult.FlowFailed failed
                    ? (AuditDecisions.Failed, failed.Error)
                    : (AuditDecisions.Denied, "link_used");
                ConnectionFlowAudit.Write(context, audit, admin.Value, flow, ConnectionEndpoints.ConnectionBind, decision,
                    StatusCodes.Status409Conflict, reason);
                await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status409Conflict, Gone);
                return;
            }

            ConnectionFlowAudit.Write(context, audit, admin.Value, binding.Flow, ConnectionEndpoints.ConnectionBind, AuditDecisions.Allowed,
                StatusCodes.Status303SeeOther);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers.Location = binding.ProviderAuthorizeUrl;
        }
        catch (StoreUnavailableException)
        {
            await ConnectionPageHtml.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "<h1>Try again shortly</h1><p>Latchkey's store is unavailable.</p>");
        }
    }

    /// <summary>Links are 43 base64url characters; anything else is not looked up.</summary>
    private static bool IsWellFormed(string link) =>
        link.Length is > 0 and <= 64 && link.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Encode(string value) => ConnectionPageHtml.Encode(value);
}
