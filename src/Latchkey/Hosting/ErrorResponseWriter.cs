using System.Text.Json;

namespace Latchkey.Hosting;

/// <summary>
/// Writes the contract's error body <c>{"error","message","request_id", ...extra}</c>. The only
/// place error JSON is produced, so every refusal has the same shape and is recorded for audit.
/// Messages are fixed texts chosen by the caller: never exception text or echoed input.
/// </summary>
public static class ErrorResponseWriter
{
    public static Task WriteAsync(
        HttpContext context,
        int status,
        string code,
        string message,
        IReadOnlyDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = context.Features.Get<RequestOutcomeFeature>();
        if (outcome is not null)
        {
            outcome.ErrorCode = code;
        }

        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["error"] = code,
            ["message"] = message,
            ["request_id"] = outcome?.RequestId,
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                body[key] = value;
            }
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        var audit = context.Features.Get<IRefusalAudit>();
        return audit is null
            ? context.Response.WriteAsJsonAsync(body, JsonOptions, "application/json; charset=utf-8")
            : RecordThenWriteAsync(context, audit, body);
    }

    // The data plane's record of the refusal is written before the first byte of the answer.
    private static async Task RecordThenWriteAsync(HttpContext context, IRefusalAudit audit, Dictionary<string, object?> body)
    {
        await audit.RecordRefusalAsync(context);
        await context.Response.WriteAsJsonAsync(body, JsonOptions, "application/json; charset=utf-8");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
