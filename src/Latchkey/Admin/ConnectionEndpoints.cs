using System.Globalization;
using Latchkey.Admin.OpenApi;
using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Hosting;
using Latchkey.Stores;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;

namespace Latchkey.Admin;

/// <summary>
/// <c>/v1/connections</c>: a user starts connecting a provider, polls the flow, lists and deletes
/// their own connections. Everything is scoped to the caller's tenant and user. The public pages
/// a browser sees (<c>/oauth/connect/{link}</c>, <c>/oauth/callback</c>) are mapped here too.
/// </summary>
public static class ConnectionEndpoints
{
    public const string ConnectionStart = "connection.start";
    public const string ConnectionBind = "connection.bind";
    public const string ConnectionComplete = "connection.complete";
    public const string ConnectionDelete = "connection.delete";

    /// <summary>Audit reason of a deletion whose revocation at the provider was not confirmed.</summary>
    public const string RevocationFailed = "revocation_failed";

    private const int MaxWaitSeconds = 60;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static IEndpointRouteBuilder MapLatchkeyConnections(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/connections").RequireAuthorization(ManagementPolicies.Management).WithTags("connections");
        group.MapGet(string.Empty, ListAsync).WithSummary("The caller's connected providers (never tokens)")
            .Produces<List<ConnectionView>>().Refuses(401, 503);
        group.MapPost("/{provider}", StartAsync).WithSummary("Start connecting a provider; the user opens authorize_url in their browser")
            .Reads<StartConnectionRequest>(optional: true).Produces<ConnectFlowStart>(StatusCodes.Status201Created).Refuses(400, 401, 404, 502, 503);
        group.MapDelete("/{provider}", DeleteAsync).WithSummary("Disconnect a provider (revoked at the provider where it supports that)")
            .Produces(StatusCodes.Status204NoContent).Refuses(401, 404, 503);
        group.MapGet("/flows/{flowId}", PollAsync).WithSummary("Long-poll a connect flow (wait_seconds at most 60)")
            .Produces<ConnectionFlowView>().Refuses(400, 401, 404, 503)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // PollAsync reads wait_seconds itself (see there), so the generator cannot see it.
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "wait_seconds",
                    In = ParameterLocation.Query,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                });
                return Task.CompletedTask;
            });
        endpoints.MapConnectionLinkPage();
        endpoints.MapGet("/oauth/callback", ConnectionCallback.HandleAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task StartAsync(
        string provider, HttpContext context, ConnectFlowService flows, OAuthEndpointResolver endpoints, IConfigSnapshotSource config,
        ManagementAudit audit, IOptions<AdminOptions> admin)
    {
        if (await ManagementChange.BeginAsync(context, audit, admin.Value) is not { } caller)
        {
            return;
        }

        IReadOnlyList<string>? scopes = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, _) = await ManagementJson.TryReadAsync<StartConnectionRequest>(context.Request, context.RequestAborted);
            if (body is null)
            {
                await Deny(context, audit, caller, ConnectionStart, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                    "The body must be empty or {\"scopes\": [...]}.");
                return;
            }

            scopes = body.Scopes;
        }

        if (!config.Current.Providers.TryGetValue(provider, out var definition) || definition.OAuth is not { CanConnect: true } oauth)
        {
            await Deny(context, audit, caller, ConnectionStart, StatusCodes.Status404NotFound, ErrorCodes.UnknownProvider,
                "No provider of that name can be connected by users.");
            return;
        }

        // Users may narrow the configured scopes, never widen them.
        if (scopes is not null && oauth.Scopes.Count > 0 && scopes.Any(s => !oauth.Scopes.Contains(s, StringComparer.Ordinal)))
        {
            await Deny(context, audit, caller, ConnectionStart, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "scopes must be among the provider's configured oauth scopes.", definition.Name);
            return;
        }

        ConnectFlowStart? start;
        try
        {
            // A remote MCP server's endpoints are discovered, and its client registered, before any link is handed out (docs/mcp.md).
            if (oauth.Discovery && await endpoints.ResolveAsync(definition, context.RequestAborted) is OAuthResolution.Failed failed)
            {
                audit.Write(context, caller, ConnectionStart, AuditDecisions.Failed, StatusCodes.Status502BadGateway,
                    target: definition.Name, reason: failed.Error);
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status502BadGateway, failed.Error, failed.Error == ErrorCodes.OAuthRegistrationFailed
                    ? "No OAuth client could be registered with the provider's authorization server; nothing can be connected until that is fixed."
                    : "The provider's OAuth metadata could not be discovered or was refused; nothing can be connected until it is fixed.");
                return;
            }

            start = await flows.StartAsync(caller.Tenant, caller.UserId, definition, scopes, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            audit.Write(context, caller, ConnectionStart, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable,
                target: definition.Name, reason: ErrorCodes.StoreUnavailable);
            await StoreUnavailable(context);
            return;
        }

        if (start is null)
        {
            await Deny(context, audit, caller, ConnectionStart, StatusCodes.Status503ServiceUnavailable, ErrorCodes.CredentialUnavailable,
                "The provider's OAuth client is not configured on this instance.", definition.Name);
            return;
        }

        audit.Write(context, caller, ConnectionStart, AuditDecisions.Allowed, StatusCodes.Status201Created, target: definition.Name);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(start, ManagementJson.Options);
    }

    private static async Task PollAsync(
        string flowId, HttpContext context, ConnectFlowService flows, TimeProvider time, IOptions<AdminOptions> admin)
    {
        if (ManagementCaller.FromPrincipal(context.User, admin.Value) is not { } caller)
        {
            await Unauthorized(context);
            return;
        }

        // Read here rather than bound by the framework, whose refusal of "abc" is a bare 400
        // without the contract's error body and Latchkey-Error header.
        if (!TryReadWaitSeconds(context.Request.Query["wait_seconds"], out var waitSeconds))
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"wait_seconds must be given at most once, as a whole number of seconds (0 to {MaxWaitSeconds}).");
            return;
        }

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(waitSeconds);
        try
        {
            while (true)
            {
                var flow = await flows.GetAsync(caller.Tenant, flowId, context.RequestAborted);
                if (flow is null || !string.Equals(flow.UserId, caller.UserId, StringComparison.Ordinal))
                {
                    await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such connect flow.");
                    return;
                }

                if (flow.Status != ConnectFlowStatus.Pending || time.GetUtcNow() >= deadline)
                {
                    context.Response.Headers.CacheControl = "no-store";
                    await context.Response.WriteAsJsonAsync(ConnectionFlowView.From(flow), ManagementJson.Options);
                    return;
                }

                await Task.Delay(PollInterval, time, context.RequestAborted);
            }
        }
        catch (StoreUnavailableException)
        {
            await StoreUnavailable(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up waiting; nothing to answer.
        }
    }

    // Absent is 0 (answer at once); above the maximum is the maximum, as documented.
    private static bool TryReadWaitSeconds(StringValues values, out int seconds)
    {
        seconds = 0;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        seconds = Math.Min(parsed, MaxWaitSeconds);
        return true;
    }

    private static async Task ListAsync(HttpContext context, IConnectionStore store, IOptions<AdminOptions> admin)
    {
        if (ManagementCaller.FromPrincipal(context.User, admin.Value) is not { } caller)
        {
            await Unauthorized(context);
            return;
        }

        try
        {
            var records = await store.ListAsync(caller.Tenant, caller.UserId, context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(records.Select(ConnectionView.From).ToList(), ManagementJson.Options);
        }
        catch (StoreUnavailableException)
        {
            await StoreUnavailable(context);
        }
    }

    private static async Task DeleteAsync(
        string provider, HttpContext context, ConnectionDisconnector disconnector, IConfigSnapshotSource config,
        ManagementAudit audit, IOptions<AdminOptions> admin)
    {
        if (await ManagementChange.BeginAsync(context, audit, admin.Value) is not { } caller)
        {
            return;
        }

        if (await DisconnectAsync(context, disconnector, config, audit, caller, provider) is not { } result)
        {
            await StoreUnavailable(context);
            return;
        }

        if (!result.Deleted)
        {
            await Deny(context, audit, caller, ConnectionDelete, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such connection.");
            return;
        }

        WriteDeleted(context, audit, caller, result, provider, StatusCodes.Status204NoContent);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Disconnects the caller's own connection to <paramref name="provider"/>; null once a store outage has been audited (the caller answers it).</summary>
    internal static async Task<DisconnectResult?> DisconnectAsync(
        HttpContext context, ConnectionDisconnector disconnector, IConfigSnapshotSource config, ManagementAudit audit, ManagementCaller caller, string provider)
    {
        try
        {
            return await disconnector.DisconnectAsync(
                new ConnectionKey(caller.Tenant, caller.UserId, provider), config.Current.Providers.GetValueOrDefault(provider), context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            audit.Write(context, caller, ConnectionDelete, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable,
                target: provider, reason: ErrorCodes.StoreUnavailable);
            return null;
        }
    }

    /// <summary>The <c>connection.delete</c> event of a deletion: what revocation did, and <c>revocation_failed</c> when the grant may live on.</summary>
    internal static void WriteDeleted(HttpContext context, ManagementAudit audit, ManagementCaller caller, DisconnectResult result, string provider, int status) =>
        audit.Write(context, caller, ConnectionDelete, AuditDecisions.Allowed, status, target: provider,
            reason: result.Revocation == RevocationOutcome.Failed ? RevocationFailed : null, revocation: result.AuditValue);

    private static Task Deny(
        HttpContext context, ManagementAudit audit, ManagementCaller caller, string action, int status, string code, string message, string? target = null)
    {
        audit.Write(context, caller, action, AuditDecisions.Denied, status, target: target, reason: code);
        return ErrorResponseWriter.WriteAsync(context, status, code, message);
    }

    private static Task Unauthorized(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid bearer token is required.");


    private static Task StoreUnavailable(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
            "The connection store is unavailable; try again later.");
}
