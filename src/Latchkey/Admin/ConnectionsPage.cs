using Latchkey.Admin.SignIn;
using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Stores;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>/v1/ui/connections</c>: a signed-in person sees the providers they connected (metadata only,
/// never a token), connects another — the flow is bound to this browser at once — and disconnects,
/// revoking at the provider first where it can. Only the caller's own tenant and user, ever; every
/// form carries an antiforgery token; every change is audited as through the API.
/// </summary>
public static class ConnectionsPage
{
    public const string Path = ApprovalsPage.BasePath + "/connections";

    private static readonly TimeSpan DiscoveryWait = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["disconnected"] = "Disconnected. The provider confirmed that Latchkey's access is revoked.",
        ["revocation-failed"] = "Disconnected here, but the provider could not revoke Latchkey's access (it refused or did not answer). "
            + "Remove Latchkey's access in your account settings at the provider.",
        ["deleted-not-revoked"] = "Disconnected here. This provider offers Latchkey no way to revoke its access: "
            + "remove it in your account settings at the provider.",
        ["not-found"] = "That connection no longer exists.",
        ["unknown-provider"] = "That provider cannot be connected.",
        ["unavailable"] = "That provider cannot be connected right now: its OAuth client is not configured on this instance.",
    };

    public static IEndpointRouteBuilder MapLatchkeyConnectionsPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, ShowAsync).ExcludeFromDescription();
        endpoints.MapPost(Path + "/{provider}/connect", ConnectAsync).ExcludeFromDescription();
        endpoints.MapPost(Path + "/{provider}/disconnect", DisconnectAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ShowAsync(
        HttpContext context, IAntiforgery antiforgery, IConnectionStore store, IConfigSnapshotSource config, OAuthEndpointResolver endpoints,
        IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn, string? notice)
    {
        if (await UiCaller.AuthenticateAsync(context, admin.Value, signIn.Value) is not { } caller)
        {
            // With an IdP the browser goes there and comes back here; the paste form lives on the approvals page.
            SeeOther(context, signIn.Value.OidcEnabled ? $"{UiSignInDefaults.SignInPath}?return=connections" : $"{ApprovalsPage.BasePath}/approvals");
            return;
        }

        IReadOnlyList<ConnectionRecord> connections;
        try
        {
            connections = await store.ListAsync(caller.Tenant, caller.UserId, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            await ApprovalsPage.WriteUnavailableAsync(context);
            return;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = notice is not null && Notices.TryGetValue(notice, out var text) ? text : null;
        var providers = config.Current.Providers;
        var authorizeOrigins = await AuthorizeOriginsAsync(providers.Values, endpoints, context.RequestAborted);
        await ApprovalsPage.WriteHtmlAsync(context, ConnectionsPageHtml.List(tokens, caller, connections, providers, message), authorizeOrigins);
    }

    /// <summary>
    /// Connect posts redirect to the provider's authorize endpoint, and browsers apply form-action to
    /// that redirect: those origins, and only they, join it. A discovering provider's endpoint is the
    /// one its metadata names (cached by the resolver); the page waits at most <see cref="DiscoveryWait"/>
    /// for it, after which Connect of that provider is left to fail in the browser rather than the page.
    /// </summary>
    private static async Task<IEnumerable<string>> AuthorizeOriginsAsync(
        IEnumerable<ProviderDefinition> providers, OAuthEndpointResolver endpoints, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(DiscoveryWait);
        var urls = await Task.WhenAll(providers.Where(p => p.OAuth is { CanConnect: true }).Select(async provider =>
        {
            try
            {
                return await endpoints.AuthorizeUrlAsync(provider, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }));
        return urls.OfType<Uri>().Select(url => url.GetLeftPart(UriPartial.Authority));
    }

    private static async Task ConnectAsync(
        string provider, HttpContext context, IAntiforgery antiforgery, ConnectFlowService flows, IConfigSnapshotSource config,
        ManagementAudit audit, PublicUrl publicUrl, TimeProvider time, IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn)
    {
        if (await BeginAsync(context, antiforgery, audit, admin.Value, signIn.Value) is not { } caller)
        {
            return;
        }

        const string Start = ConnectionEndpoints.ConnectionStart;
        if (!config.Current.Providers.TryGetValue(provider, out var definition) || definition.OAuth is not { CanConnect: true })
        {
            audit.Write(context, caller, Start, AuditDecisions.Denied, StatusCodes.Status404NotFound, reason: ErrorCodes.UnknownProvider);
            SeeOther(context, $"{Path}?notice=unknown-provider");
            return;
        }

        var secret = PkceValues.NewRandom();
        ConnectBinding? binding;
        try
        {
            binding = await flows.StartBoundAsync(caller.Tenant, caller.UserId, definition, secret, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            audit.Write(context, caller, Start, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable, target: definition.Name, reason: ErrorCodes.StoreUnavailable);
            await ApprovalsPage.WriteUnavailableAsync(context);
            return;
        }

        if (binding is null)
        {
            audit.Write(context, caller, Start, AuditDecisions.Denied, StatusCodes.Status503ServiceUnavailable, target: definition.Name, reason: ErrorCodes.CredentialUnavailable);
            SeeOther(context, $"{Path}?notice=unavailable");
            return;
        }

        audit.Write(context, caller, Start, AuditDecisions.Allowed, StatusCodes.Status303SeeOther, target: definition.Name);
        audit.Write(context, caller, ConnectionEndpoints.ConnectionBind, AuditDecisions.Allowed, StatusCodes.Status303SeeOther, target: definition.Name);

        // The callback finishes the flow only in a browser presenting this cookie: this one.
        ConnectionBrowserCookie.Write(context, binding.Flow, secret, publicUrl, time);
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        SeeOther(context, binding.ProviderAuthorizeUrl);
    }

    private static async Task DisconnectAsync(
        string provider, HttpContext context, IAntiforgery antiforgery, ConnectionDisconnector disconnector, IConfigSnapshotSource config,
        ManagementAudit audit, IOptions<AdminOptions> admin, IOptions<UiSignInOptions> signIn)
    {
        if (await BeginAsync(context, antiforgery, audit, admin.Value, signIn.Value) is not { } caller)
        {
            return;
        }

        if (await ConnectionEndpoints.DisconnectAsync(context, disconnector, config, audit, caller, provider) is not { } result)
        {
            await ApprovalsPage.WriteUnavailableAsync(context);
            return;
        }

        if (!result.Deleted)
        {
            audit.Write(context, caller, ConnectionEndpoints.ConnectionDelete, AuditDecisions.Denied, StatusCodes.Status404NotFound, reason: ErrorCodes.NotFound);
            SeeOther(context, $"{Path}?notice=not-found");
            return;
        }

        ConnectionEndpoints.WriteDeleted(context, audit, caller, result, provider, StatusCodes.Status303SeeOther);
        SeeOther(context, $"{Path}?notice=" + result.Revocation switch
        {
            RevocationOutcome.Revoked => "disconnected",
            RevocationOutcome.Failed => "revocation-failed",
            _ => "deleted-not-revoked",
        });
    }

    /// <summary>The caller of a form post, or null once it has been answered: 400 without a valid antiforgery token, back to the page when signed out, 503 when nothing could be audited.</summary>
    private static async Task<ManagementCaller?> BeginAsync(
        HttpContext context, IAntiforgery antiforgery, ManagementAudit audit, AdminOptions admin, UiSignInOptions signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }

        if (await UiCaller.AuthenticateAsync(context, admin, signIn) is not { } caller)
        {
            SeeOther(context, Path);
            return null;
        }

        if (!audit.IsWritable)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await ApprovalsPage.WriteHtmlAsync(context, ConnectionsPageHtml.Unavailable("Latchkey cannot record this change right now; nothing was changed."));
            return null;
        }

        return caller;
    }

    private static void SeeOther(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Location = location;
    }
}
