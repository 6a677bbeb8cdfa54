using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>Slack's <c>200 {"ok": false, "error"}</c>: @slack/web-api retries every other status but 429.</summary>
public sealed class SlackErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_is_200_ok_false_with_the_latchkey_code_as_error()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Slack, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "chat.deny" });

        Assert.Equal(200, error.Status);
        Assert.Equal("""
            {"ok":false,"error":"route_denied","message":"A fixed message.","request_id":"req_0123456789abcdef","rule":"chat.deny"}
            """, error.Text);
        Assert.Equal("route_denied", error.Header(ErrorResponseWriter.ErrorHeaderName));
    }

    [Theory]
    [InlineData(401, ErrorCodes.InvalidSession, 200)]
    [InlineData(202, ErrorCodes.ApprovalRequired, 200)]
    [InlineData(409, ErrorCodes.ApprovalUsed, 200)]
    [InlineData(503, ErrorCodes.CredentialUnavailable, 200)] // a config error: no retry
    [InlineData(429, ErrorCodes.RateLimited, 429)] // honoured with Retry-After, as Slack's own
    [InlineData(503, ErrorCodes.StoreUnavailable, 503)] // an outage: retried, as Slack's own
    [InlineData(504, ErrorCodes.UpstreamTimeout, 504)]
    public async Task Only_retryable_errors_keep_a_status_other_than_200(int contractStatus, string code, int status)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Slack, contractStatus, code);

        Assert.Equal(status, error.Status);
        Assert.False(error.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(code, error.Body.GetProperty("error").GetString());
    }
}
