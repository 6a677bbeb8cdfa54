using System.Buffers;
using System.Text.Json;
using Latchkey.Hosting.Errors;

namespace Latchkey.Hosting;

/// <summary>
/// Writes the contract's errors: the only place error JSON is produced, so every refusal carries
/// the same code, message, request id and extras and is recorded for audit. The body is Latchkey's
/// <c>{"error","message","request_id", ...extra}</c>, or on the data plane, once the provider is
/// known, that provider's <see cref="ErrorEnvelope"/>. Every error also carries
/// <c>Latchkey-Error: {code}</c>, and <c>x-should-retry: false</c> unless it is retryable
/// (<see cref="RetryableErrors"/>). Messages are fixed texts chosen by the caller: never
/// exception text or echoed input.
/// </summary>
public static class ErrorResponseWriter
{
    /// <summary>The Latchkey error code, whatever shape the body has.</summary>
    public const string ErrorHeaderName = "Latchkey-Error";

    /// <summary>Honoured by the OpenAI and Anthropic SDKs (Python and Node) before any status-based retry.</summary>
    public const string ShouldRetryHeaderName = "x-should-retry";

    private const string JsonContentType = "application/json; charset=utf-8";

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

        if (outcome is not null)
        {
            outcome.ErrorStatus = status;
        }

        var error = new ErrorDetails(status, code, message, outcome?.RequestId, extra, RetryableErrors.Contains(code));
        var envelope = EnvelopeFor(context);
        context.Response.StatusCode = envelope.StatusFor(error);
        var audit = outcome?.RefusalAudit;
        return audit is null
            ? WriteResponseAsync(context, envelope, error)
            : RecordThenWriteAsync(context, outcome!, audit, envelope, error);
    }

    /// <summary>
    /// Whether a data-plane refusal with this code is answered 503 <c>audit_unavailable</c> instead
    /// when its record cannot be written; that answer itself is sent as is (the console has its record).
    /// </summary>
    public static bool IsReplacedWhenUnrecorded(string? code) => code != ErrorCodes.AuditUnavailable;

    // Not resolved per request on the forwarding path: only an error asks.
    private static ErrorEnvelope EnvelopeFor(HttpContext context) =>
        ((IServiceProvider?)context.RequestServices)?.GetService<IErrorEnvelopeSource>()?.EnvelopeFor(context) ?? ErrorEnvelope.Latchkey;

    /// <summary>
    /// The data plane's record of the refusal is written before the first byte of the answer. A
    /// refusal whose record cannot be written fails closed instead (contract §6): it is answered
    /// 503 audit_unavailable, with none of the refusal's headers, which gets its own attempt at a
    /// record (the console has both).
    /// </summary>
    private static async Task RecordThenWriteAsync(HttpContext context, RequestOutcomeFeature outcome, IRefusalAudit audit, ErrorEnvelope envelope, ErrorDetails error)
    {
        if (!await audit.RecordRefusalAsync(context) && IsReplacedWhenUnrecorded(error.Code))
        {
            // The 503 replaces the refusal whole: nothing set for it (Retry-After of a 429,
            // WWW-Authenticate of a 401, Allow of a 405) goes out with an answer it does not describe.
            outcome.Audit = AuditProgress.None;
            context.Response.Headers.Clear();
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "The audit trail cannot be written; nothing is forwarded until it can.");
            return;
        }

        await WriteResponseAsync(context, envelope, error);
    }

    private static Task WriteResponseAsync(HttpContext context, ErrorEnvelope envelope, ErrorDetails error)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers[ErrorHeaderName] = error.Code;
        if (!error.Retryable)
        {
            headers[ShouldRetryHeaderName] = "false";
        }

        envelope.AddHeaders(headers, error);

        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            envelope.WriteBody(writer, error, response.StatusCode);
        }

        response.ContentType = JsonContentType;
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory).AsTask();
    }
}
