using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>GitHub's <c>{"message", "status"}</c>, as Octokit parses it, with statuses @octokit/plugin-retry leaves alone.</summary>
public sealed class GitHubErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_has_message_and_status_and_the_latchkey_fields()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.GitHub, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "repo.deny" });

        Assert.Equal(403, error.Status);
        Assert.Equal("""
            {"message":"A fixed message.","status":"403","error":"route_denied","request_id":"req_0123456789abcdef","rule":"repo.deny"}
            """, error.Text);
    }

    [Theory]
    [InlineData(401, ErrorCodes.InvalidSession, 401)]
    [InlineData(403, ErrorCodes.ConnectionRequired, 403)]
    [InlineData(202, ErrorCodes.ApprovalRequired, 403)]
    [InlineData(400, ErrorCodes.SessionTokenMisplaced, 400)]
    [InlineData(409, ErrorCodes.ApprovalUsed, 422)] // plugin-retry retries 409
    [InlineData(413, ErrorCodes.PayloadTooLarge, 422)]
    [InlineData(503, ErrorCodes.CredentialUnavailable, 422)]
    [InlineData(429, ErrorCodes.RateLimited, 429)]
    [InlineData(502, ErrorCodes.UpstreamUnreachable, 502)]
    public async Task Refusals_use_statuses_plugin_retry_does_not_retry(int contractStatus, string code, int status)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.GitHub, contractStatus, code);

        Assert.Equal(status, error.Status);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Body.GetProperty("status").GetString());
        Assert.Equal(code, error.Body.GetProperty("error").GetString());
    }
}
