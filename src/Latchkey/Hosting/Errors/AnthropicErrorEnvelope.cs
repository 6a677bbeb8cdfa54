using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// Anthropic's shape, <c>{"type": "error", "error": {"type", "message", "details": {"error_code", ...}}, "request_id"}</c>:
/// <c>@anthropic-ai/sdk</c> shows <c>error.message</c>, <c>error.type</c>,
/// <c>details.error_code</c> and the request id in the exception's message (and the other
/// details as JSON), and reads <c>requestID</c> from the <c>request-id</c> header. Retries are
/// stopped by <c>x-should-retry: false</c> (<see cref="ErrorResponseWriter"/>).
/// </summary>
internal sealed class AnthropicErrorEnvelope : ErrorEnvelope
{
    public AnthropicErrorEnvelope()
        : base("anthropic")
    {
    }

    public override int StatusFor(in ErrorDetails details) => RefusedStatus(details);

    private protected override string? RequestIdHeader => "request-id";

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", TypeOf(status));
        writer.WriteString("message", details.Message);
        writer.WriteStartObject("details");
        writer.WriteString("error_code", details.Code);
        WriteExtra(writer, details);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("request_id", details.RequestId);
        writer.WriteEndObject();
    }

    // The error types of Anthropic's API documentation, by status.
    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= StatusCodes.Status500InternalServerError => "api_error",
        _ => "invalid_request_error",
    };
}
