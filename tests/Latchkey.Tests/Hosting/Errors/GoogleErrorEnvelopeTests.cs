using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>Google's AIP-193 error, as gaxios and google-api-python-client parse it.</summary>
public sealed class GoogleErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_is_an_aip_193_error_with_the_latchkey_code_as_reason()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Google, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "mail.deny" });

        Assert.Equal(403, error.Status);
        Assert.Equal("""
            {"error":{"code":403,"message":"A fixed message.","status":"PERMISSION_DENIED","errors":[{"message":"A fixed message.","domain":"latchkey","reason":"route_denied"}],"request_id":"req_0123456789abcdef","rule":"mail.deny"}}
            """, error.Text);
    }

    [Theory]
    [InlineData(401, ErrorCodes.InvalidSession, 401, "UNAUTHENTICATED")]
    [InlineData(202, ErrorCodes.ApprovalRequired, 403, "PERMISSION_DENIED")]
    [InlineData(400, ErrorCodes.AmbiguousPath, 400, "INVALID_ARGUMENT")]
    [InlineData(409, ErrorCodes.ApprovalUsed, 409, "ABORTED")]
    [InlineData(503, ErrorCodes.CredentialUnavailable, 400, "FAILED_PRECONDITION")] // gaxios retries every 5xx
    [InlineData(429, ErrorCodes.RateLimited, 429, "RESOURCE_EXHAUSTED")]
    [InlineData(503, ErrorCodes.StoreUnavailable, 503, "UNAVAILABLE")]
    [InlineData(504, ErrorCodes.UpstreamTimeout, 504, "DEADLINE_EXCEEDED")]
    public async Task Statuses_map_to_google_rpc_codes_and_config_errors_are_never_5xx(int contractStatus, string code, int status, string name)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Google, contractStatus, code);

        Assert.Equal(status, error.Status);
        var body = error.Body.GetProperty("error");
        Assert.Equal(status, body.GetProperty("code").GetInt32());
        Assert.Equal(name, body.GetProperty("status").GetString());
        Assert.Equal(code, body.GetProperty("errors")[0].GetProperty("reason").GetString());
    }
}
