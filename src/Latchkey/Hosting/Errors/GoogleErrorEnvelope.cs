using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// Google's shape (AIP-193), <c>{"error": {"code", "message", "status", "errors": [{"reason": code, "domain": "latchkey", "message"}], ...}}</c>:
/// gaxios (under <c>googleapis</c>) and <c>google-api-python-client</c> make <c>error.message</c>
/// the exception's message and keep the object. gaxios retries 408, 429 and 5xx and reads no
/// header that stops it, so an error that is not retryable is never sent as a 5xx: a config
/// error (<c>503 credential_unavailable</c>) is <c>400 FAILED_PRECONDITION</c>.
/// </summary>
internal sealed class GoogleErrorEnvelope : ErrorEnvelope
{
    public GoogleErrorEnvelope()
        : base("google")
    {
    }

    public override int StatusFor(in ErrorDetails details)
    {
        var status = RefusedStatus(details);
        return !details.Retryable && status >= StatusCodes.Status500InternalServerError ? StatusCodes.Status400BadRequest : status;
    }

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", status);
        writer.WriteString("message", details.Message);
        writer.WriteString("status", StatusName(status, details.Status));
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("message", details.Message);
        writer.WriteString("domain", "latchkey");
        writer.WriteString("reason", details.Code);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("request_id", details.RequestId);
        WriteExtra(writer, details);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // google.rpc.Code names by their HTTP mapping.
    private static string StatusName(int status, int contractStatus) => status switch
    {
        StatusCodes.Status400BadRequest when contractStatus >= StatusCodes.Status500InternalServerError => "FAILED_PRECONDITION",
        StatusCodes.Status401Unauthorized => "UNAUTHENTICATED",
        StatusCodes.Status403Forbidden => "PERMISSION_DENIED",
        StatusCodes.Status404NotFound => "NOT_FOUND",
        StatusCodes.Status409Conflict => "ABORTED",
        StatusCodes.Status429TooManyRequests => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        StatusCodes.Status501NotImplemented => "UNIMPLEMENTED",
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable => "UNAVAILABLE",
        StatusCodes.Status504GatewayTimeout => "DEADLINE_EXCEEDED",
        >= StatusCodes.Status500InternalServerError => "INTERNAL",
        _ => "INVALID_ARGUMENT",
    };
}
