using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Sessions;

namespace Latchkey.Hosting;

/// <summary>
/// <c>/healthz</c>: the process runs. <c>/readyz</c>: config is loaded, the store answers and
/// the audit buffer is writable — a load balancer sends traffic only then.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapLatchkeyHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(
        IConfigSnapshotSource config,
        ISessionStore sessions,
        IAuditTrail audit,
        CancellationToken cancellationToken)
    {
        var configLoaded = config.Current is not null;
        bool storeAnswers;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            storeAnswers = await sessions.PingAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is Stores.StoreUnavailableException or OperationCanceledException)
        {
            storeAnswers = false;
        }

        var ready = configLoaded && storeAnswers && audit.IsWritable;
        var body = new
        {
            status = ready ? "ready" : "not_ready",
            config = configLoaded,
            store = storeAnswers,
            audit = audit.IsWritable,
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
