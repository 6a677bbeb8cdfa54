using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// OpenAI's shape, <c>{"error": {"message", "type", "code", "param": null, ...}}</c>: the
/// <c>openai</c> SDKs (Python, Node, .NET) make <c>error.message</c>, <c>.code</c> and
/// <c>.type</c> the exception's, and keep the rest of the object (<c>request_id</c>,
/// <c>rule</c>, <c>approval_id</c>, ...) as its body. Node's <c>requestID</c> is read from
/// <c>x-request-id</c>. The Node and Python SDKs stop retrying on <c>x-should-retry: false</c>,
/// which <see cref="ErrorResponseWriter"/> sends on every error that is not retryable; the .NET
/// SDK's retry policy ignores it and retries a 503 (docs/sdks.md says how to turn that off).
/// </summary>
internal sealed class OpenAiErrorEnvelope : ErrorEnvelope
{
    public OpenAiErrorEnvelope()
        : base("openai")
    {
    }

    public override int StatusFor(in ErrorDetails details) => RefusedStatus(details);

    private protected override string? RequestIdHeader => "x-request-id";

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", details.Message);

        // OpenAI's own values: the precise reason is the code.
        writer.WriteString("type", status >= StatusCodes.Status500InternalServerError ? "server_error" : "invalid_request_error");
        writer.WriteString("code", details.Code);
        writer.WriteNull("param");
        writer.WriteString("request_id", details.RequestId);
        WriteExtra(writer, details);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
