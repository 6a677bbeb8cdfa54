using Latchkey.Admin.OpenApi;
using Latchkey.Config;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>
/// <c>GET /v1/rules</c> and <c>POST /v1/rules/explain</c>: the security team's view of the
/// allowlist in force and of the decision the data plane would take (admin and security roles).
/// </summary>
public static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapLatchkeyRules(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/rules").RequireAuthorization(ManagementPolicies.Management).WithTags("rules");
        group.MapGet(string.Empty, ListAsync).WithSummary("The rules in force, with their lines (admin, security)")
            .Produces<RuleListView>().Refuses(401, 403);
        group.MapPost("/explain", ExplainAsync).WithSummary("The decision the data plane would take for a request (admin, security)")
            .Reads<ExplainRequest>().Produces<ExplainResponse>().Refuses(400, 401, 403);
        return endpoints;
    }

    private static async Task ListAsync(HttpContext context, IConfigSnapshotSource config, IOptions<AdminOptions> admin)
    {
        if (!await IsRuleReaderAsync(context, admin.Value))
        {
            return;
        }

        var snapshot = config.Current;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(
            new RuleListView(snapshot.Version, snapshot.RulesMode.ToString().ToLowerInvariant(), [.. snapshot.Rules.Select(RuleView.From)]),
            ManagementJson.Options);
    }

    private static async Task ExplainAsync(HttpContext context, IConfigSnapshotSource config, IOptions<AdminOptions> admin)
    {
        if (!await IsRuleReaderAsync(context, admin.Value))
        {
            return;
        }

        var (body, _) = await ManagementJson.TryReadAsync<ExplainRequest>(context.Request, context.RequestAborted);
        var isRequest = body is { Provider.Length: > 0, Method.Length: > 0, Path.Length: > 0, Tool: null };
        if (body is null || !(isRequest || body is { Tool.Length: > 0, Method: null, Path: null }))
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The body must be {\"provider\", \"method\", \"path\", \"scopes\"?, \"headers\"?, \"body\"?} or, for a tool call, {\"tool\", \"arguments\"?, \"provider\"?, \"scopes\"?}.");
            return;
        }

        var scopes = (body.Scopes ?? []).ToHashSet(StringComparer.Ordinal);
        var answer = isRequest
            ? RuleExplainer.Explain(config.Current, body.Provider!, body.Method!, body.Path!, scopes, RuleExplainer.Headers(body.Headers), RuleExplainer.Body(body.Body))
            : ToolCallExplainer.Explain(config.Current, body.Provider, body.Tool!, body.Arguments, scopes);
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(answer, ManagementJson.Options);
    }

    private static async Task<bool> IsRuleReaderAsync(HttpContext context, AdminOptions admin)
    {
        var caller = ManagementCaller.FromPrincipal(context.User, admin);
        if (caller is null)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "A valid management bearer token is required.");
            return false;
        }

        if (!caller.CanReadRules)
        {
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Reading rules needs the latchkey.admin or latchkey.security role.");
            return false;
        }

        return true;
    }
}
