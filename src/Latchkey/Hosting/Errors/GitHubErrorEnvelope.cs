using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// GitHub's shape, <c>{"message", "status": "403", ...}</c> plus the contract's fields (<c>error</c>,
/// <c>request_id</c>, extras): Octokit makes <c>message</c> the <c>RequestError</c>'s message and
/// keeps the body as <c>error.response.data</c>. Octokit itself never retries;
/// <c>@octokit/plugin-retry</c> (part of <c>octokit</c>) retries every status from 400 except
/// 400, 401, 403, 404, 410, 422 and 451, so an error that is not retryable and has another status
/// (<c>409 approval_used</c>, <c>413</c>, <c>503 credential_unavailable</c>) is sent as 422.
/// No <c>documentation_url</c>: GitHub's documentation does not describe Latchkey's refusals.
/// </summary>
internal sealed class GitHubErrorEnvelope : ErrorEnvelope
{
    public GitHubErrorEnvelope()
        : base("github")
    {
    }

    public override int StatusFor(in ErrorDetails details)
    {
        var status = RefusedStatus(details);
        return details.Retryable || IsNeverRetried(status) ? status : StatusCodes.Status422UnprocessableEntity;
    }

    public override void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status)
    {
        writer.WriteStartObject();
        writer.WriteString("message", details.Message);
        writer.WriteString("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("error", details.Code);
        writer.WriteString("request_id", details.RequestId);
        WriteExtra(writer, details);
        writer.WriteEndObject();
    }

    // @octokit/plugin-retry 8.1.1's doNotRetry default.
    private static bool IsNeverRetried(int status) => status is 400 or 401 or 403 or 404 or 410 or 422 or 451;
}
