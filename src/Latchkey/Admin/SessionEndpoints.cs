using System.Buffers;
using Latchkey.Admin.OpenApi;
using Latchkey.Audit;
using Latchkey.Hosting;
using Latchkey.Sessions;
using Latchkey.Stores;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary><c>/v1/sessions</c>: create, list and revoke agent sessions within the caller's tenant.</summary>
public static class SessionEndpoints
{
    private static readonly string[] RequestFields = ["agent_id", "scopes", "ttl_seconds", "user_id"];

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Maps the <c>/v1/sessions</c> group, which requires the <c>Management</c> policy.</summary>
    public static IEndpointRouteBuilder MapLatchkeySessions(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/sessions").RequireAuthorization(ManagementPolicies.Management).WithTags("sessions");
        group.MapPost(string.Empty, CreateAsync).WithSummary("Create an agent session; the token is shown this once")
            .Reads<CreateSessionRequest>().Produces<CreatedSessionResponse>(StatusCodes.Status201Created).Refuses(400, 401, 403, 503);
        group.MapGet(string.Empty, ListAsync).WithSummary("List the sessions the caller may see (never tokens)")
            .Produces<List<SessionSummary>>().Refuses(401, 503);
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke a session")
            .Produces(StatusCodes.Status204NoContent).Refuses(401, 404, 503);
        return endpoints;
    }

    private static async Task CreateAsync(
        HttpContext context,
        SessionService sessions,
        ManagementAudit audit,
        IOptions<AdminOptions> admin,
        CancellationToken cancellationToken)
    {
        if (await ManagementChange.BeginAsync(context, audit, admin.Value) is not { } caller)
        {
            return;
        }

        const string action = ManagementAudit.SessionCreate;
        var (body, errorPath) = await ManagementJson.TryReadAsync<CreateSessionRequest>(context.Request, cancellationToken);
        if (body is null)
        {
            await DenyAsync(context, audit, caller, action, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"The request body is not valid: check {FieldOf(errorPath)}.");
            return;
        }

        var userId = body.UserId ?? caller.UserId;
        if (!string.Equals(userId, caller.UserId, StringComparison.Ordinal) && !caller.IsAdmin)
        {
            await DenyAsync(context, audit, caller, action, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Only an admin may create a session for another user.", agentId: SafeAgentId(body.AgentId));
            return;
        }

        SessionCreateResult result;
        try
        {
            result = await sessions.CreateAsync(caller.Tenant, userId, body.AgentId, body.Scopes, body.TtlSeconds, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            await FailStoreAsync(context, audit, caller, action, target: null);
            return;
        }

        if (result.Session is not { } issued)
        {
            await DenyAsync(context, audit, caller, action, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"The field {result.InvalidField} is missing or invalid.", agentId: SafeAgentId(body.AgentId));
            return;
        }

        var record = issued.Record;
        audit.Write(context, caller, action, AuditDecisions.Allowed, StatusCodes.Status201Created,
            target: record.Id, agentId: record.AgentId);
        var response = new CreatedSessionResponse(
            record.Id,
            issued.Token,
            record.Tenant,
            record.UserId,
            record.AgentId,
            [.. record.Scopes.Order(StringComparer.Ordinal)],
            record.ExpiresAt);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"/v1/sessions/{record.Id}";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(response, ManagementJson.Options, cancellationToken);
    }

    private static async Task ListAsync(
        HttpContext context,
        SessionService sessions,
        IOptions<AdminOptions> admin,
        CancellationToken cancellationToken)
    {
        if (ManagementCaller.FromPrincipal(context.User, admin.Value) is not { } caller)
        {
            await WriteUnauthorizedAsync(context);
            return;
        }

        IReadOnlyList<SessionRecord> records;
        try
        {
            records = await sessions.ListActiveAsync(
                caller.Tenant,
                caller.CanReadTenantSessions ? null : caller.UserId,
                cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            await WriteStoreUnavailableAsync(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(
            records.Select(SessionSummary.From).ToList(), ManagementJson.Options, cancellationToken);
    }

    private static async Task RevokeAsync(
        string id,
        HttpContext context,
        SessionService sessions,
        ManagementAudit audit,
        IOptions<AdminOptions> admin,
        CancellationToken cancellationToken)
    {
        if (await ManagementChange.BeginAsync(context, audit, admin.Value) is not { } caller)
        {
            return;
        }

        const string action = ManagementAudit.SessionRevoke;

        // Only a well-formed id goes into the audit target; anything else is attacker text.
        var target = IsSessionId(id) ? id : null;
        try
        {
            var record = target is null ? null : await sessions.GetUnexpiredAsync(caller.Tenant, id, cancellationToken);

            // Unknown, other tenant's, expired and other user's (for a plain user) all look the same.
            // Revoking a revoked session again is a 204 that announces it to every instance once
            // more: a retry after a 503 whose write landed anyway must not look like a failure.
            var allowed = record is not null
                && (string.Equals(record.UserId, caller.UserId, StringComparison.Ordinal) || caller.CanRevokeTenantSessions);
            if (!allowed || (!await sessions.RevokeAsync(caller.Tenant, id, cancellationToken) && record!.RevokedAt is null))
            {
                await DenyAsync(context, audit, caller, action, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                    "No such session.", target: target, agentId: record?.AgentId);
                return;
            }

            audit.Write(context, caller, action, AuditDecisions.Allowed, StatusCodes.Status204NoContent,
                target: record!.Id, agentId: record.AgentId);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (StoreUnavailableException)
        {
            await FailStoreAsync(context, audit, caller, action, target);
        }
    }

    private static Task DenyAsync(
        HttpContext context,
        ManagementAudit audit,
        ManagementCaller caller,
        string action,
        int status,
        string code,
        string message,
        string? target = null,
        string? agentId = null)
    {
        audit.Write(context, caller, action, AuditDecisions.Denied, status, target: target, reason: code, agentId: agentId);
        return ErrorResponseWriter.WriteAsync(context, status, code, message);
    }

    private static Task FailStoreAsync(HttpContext context, ManagementAudit audit, ManagementCaller caller, string action, string? target)
    {
        audit.Write(context, caller, action, AuditDecisions.Failed, StatusCodes.Status503ServiceUnavailable,
            target: target, reason: ErrorCodes.StoreUnavailable);
        return WriteStoreUnavailableAsync(context);
    }

    private static Task WriteStoreUnavailableAsync(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
            "The session store is unavailable; try again later.");

    private static Task WriteUnauthorizedAsync(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "A valid management bearer token is required.");

    /// <summary>Maps a JSON error path to a known field name, so no client-chosen text is echoed.</summary>
    private static string FieldOf(string? path)
    {
        var name = path is null ? null : Array.Find(RequestFields, f => path.StartsWith("$." + f, StringComparison.Ordinal));
        return name ?? "the JSON body (an object with agent_id, scopes, ttl_seconds, user_id)";
    }

    private static string? SafeAgentId(string? agentId) => SessionInputValidator.IsValidAgentId(agentId) ? agentId : null;

    private static bool IsSessionId(string id) =>
        id.Length == SessionIds.Prefix.Length + 22
        && id.StartsWith(SessionIds.Prefix, StringComparison.Ordinal)
        && !id.AsSpan(SessionIds.Prefix.Length).ContainsAnyExcept(Base64UrlChars);
}
