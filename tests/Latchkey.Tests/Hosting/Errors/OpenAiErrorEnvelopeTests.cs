using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>OpenAI's <c>{"error": {"message", "type", "code", "param"}}</c>, as the openai SDKs parse it.</summary>
public sealed class OpenAiErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_is_an_error_object_with_the_latchkey_code_and_fields()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.OpenAi, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "chat.deny" });

        Assert.Equal(403, error.Status);
        Assert.Equal("""
            {"error":{"message":"A fixed message.","type":"invalid_request_error","code":"route_denied","param":null,"request_id":"req_0123456789abcdef","rule":"chat.deny"}}
            """, error.Text);
        Assert.Equal(RenderedError.RequestId, error.Header("x-request-id"));
        Assert.Equal("route_denied", error.Header(ErrorResponseWriter.ErrorHeaderName));
    }

    [Theory]
    [InlineData(401, ErrorCodes.InvalidSession, 401, "false")]
    [InlineData(403, ErrorCodes.RouteDenied, 403, "false")]
    [InlineData(202, ErrorCodes.ApprovalRequired, 403, "false")] // a 202 would be parsed as the API's result
    [InlineData(409, ErrorCodes.ApprovalUsed, 409, "false")] // the SDK retries 409 unless told not to
    [InlineData(503, ErrorCodes.CredentialUnavailable, 503, "false")]
    [InlineData(429, ErrorCodes.RateLimited, 429, null)]
    [InlineData(503, ErrorCodes.StoreUnavailable, 503, null)]
    public async Task Statuses_and_retry_header_follow_what_the_sdk_retries(int contractStatus, string code, int status, string? shouldRetry)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.OpenAi, contractStatus, code);

        Assert.Equal(status, error.Status);
        Assert.Equal(shouldRetry, error.Header(ErrorResponseWriter.ShouldRetryHeaderName));
        Assert.Equal(code, error.Body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Server_side_errors_have_the_server_error_type()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.OpenAi, 503, ErrorCodes.CredentialUnavailable);

        Assert.Equal("server_error", error.Body.GetProperty("error").GetProperty("type").GetString());
    }
}
