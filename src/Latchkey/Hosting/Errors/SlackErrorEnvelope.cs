using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// Slack's shape, <c>{"ok": false, "error": code, ...}</c>, and Slack's statuses: a refusal is
/// <c>200</c>, as Slack's own errors are. <c>@slack/web-api</c> retries every other status except
/// 429 for about 30 minutes, but throws a platform error (<c>error.data</c> is this body) for
/// <c>ok: false</c> without retrying. Retryable errors keep their status: 429 with
/// <c>Retry-After</c> is honoured as Slack's own rate limit, a 5xx is retried as Slack's own outages are.
/// </summary>
internal sealed class SlackErrorEnvelope : ErrorEnvelope
{
    public SlackErrorEnvelope()
        : base("slack")
    {
    }

    public override int StatusFor(in ErrorDetails details) => details.Retryable ? details.Status : StatusCodes.Status200OK;

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("ok", false);
        WriteContractFields(writer, details);
        writer.WriteEndObject();
    }
}
