using Latchkey.Hosting;
using Latchkey.Hosting.Errors;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>Anthropic's <c>{"type": "error", "error": {...}, "request_id"}</c>, as @anthropic-ai/sdk parses it.</summary>
public sealed class AnthropicErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_carries_the_latchkey_code_as_error_code_and_the_fields_as_details()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Anthropic, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "messages.deny" });

        Assert.Equal(403, error.Status);
        Assert.Equal("""
            {"type":"error","error":{"type":"permission_error","message":"A fixed message.","details":{"error_code":"route_denied","rule":"messages.deny"}},"request_id":"req_0123456789abcdef"}
            """, error.Text);
        Assert.Equal(RenderedError.RequestId, error.Header("request-id"));
    }

    [Theory]
    [InlineData(401, ErrorCodes.InvalidSession, 401, "authentication_error")]
    [InlineData(403, ErrorCodes.InsufficientScope, 403, "permission_error")]
    [InlineData(202, ErrorCodes.ApprovalRequired, 403, "permission_error")]
    [InlineData(400, ErrorCodes.SessionTokenMisplaced, 400, "invalid_request_error")]
    [InlineData(409, ErrorCodes.ApprovalMismatch, 409, "invalid_request_error")]
    [InlineData(413, ErrorCodes.PayloadTooLarge, 413, "request_too_large")]
    [InlineData(429, ErrorCodes.RateLimited, 429, "rate_limit_error")]
    [InlineData(503, ErrorCodes.CredentialUnavailable, 503, "api_error")]
    public async Task Each_status_has_the_anthropic_error_type(int contractStatus, string code, int status, string type)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Anthropic, contractStatus, code);

        Assert.Equal(status, error.Status);
        Assert.Equal(type, error.Body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_config_error_keeps_503_and_tells_the_sdk_not_to_retry()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Anthropic, 503, ErrorCodes.CredentialUnavailable);

        Assert.Equal(503, error.Status);
        Assert.Equal("false", error.Header(ErrorResponseWriter.ShouldRetryHeaderName));
    }
}
