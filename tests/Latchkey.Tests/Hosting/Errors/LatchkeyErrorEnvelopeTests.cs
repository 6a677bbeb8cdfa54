using Latchkey.Hosting;
using Latchkey.Hosting.Errors;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>The contract's own error shape, and the headers every envelope shares.</summary>
public sealed class LatchkeyErrorEnvelopeTests
{
    [Fact]
    public async Task A_refusal_keeps_the_contract_body_and_status_and_names_its_code_in_a_header()
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Latchkey, 403, ErrorCodes.RouteDenied,
            new Dictionary<string, object?> { ["rule"] = "mail.deny" });

        Assert.Equal(403, error.Status);
        Assert.Equal("""{"error":"route_denied","message":"A fixed message.","request_id":"req_0123456789abcdef","rule":"mail.deny"}""", error.Text);
        Assert.Equal("route_denied", error.Header(ErrorResponseWriter.ErrorHeaderName));
        Assert.Equal("false", error.Header(ErrorResponseWriter.ShouldRetryHeaderName));
        Assert.Equal("no-store", error.Header("Cache-Control"));
    }

    [Fact]
    public async Task Extras_keep_their_order_and_json_types()
    {
        var expires = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Latchkey, 202, ErrorCodes.ApprovalRequired,
            new Dictionary<string, object?> { ["approval_id"] = "apr_1", ["expires_at"] = expires, ["required"] = new[] { "a", "b" }, ["rule"] = null });

        Assert.Equal(202, error.Status);
        Assert.EndsWith("""
            "approval_id":"apr_1","expires_at":"2026-01-02T03:04:05+00:00","required":["a","b"],"rule":null}
            """, error.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, ErrorCodes.RateLimited)]
    [InlineData(503, ErrorCodes.StoreUnavailable)]
    [InlineData(503, ErrorCodes.AuditUnavailable)]
    [InlineData(502, ErrorCodes.UpstreamUnreachable)]
    [InlineData(504, ErrorCodes.UpstreamTimeout)]
    [InlineData(500, ErrorCodes.InternalError)]
    public async Task Errors_a_retry_can_cure_do_not_forbid_retries(int status, string code)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Latchkey, status, code);

        Assert.Equal(status, error.Status);
        Assert.Null(error.Header(ErrorResponseWriter.ShouldRetryHeaderName));
        Assert.Equal(code, error.Header(ErrorResponseWriter.ErrorHeaderName));
    }

    [Theory]
    [InlineData(503, ErrorCodes.CredentialUnavailable)]
    [InlineData(409, ErrorCodes.ApprovalUsed)]
    [InlineData(401, ErrorCodes.InvalidSession)]
    [InlineData(404, ErrorCodes.UnknownProvider)]
    public async Task Refusals_and_config_errors_forbid_retries(int status, string code)
    {
        var error = await RenderedError.WriteAsync(ErrorEnvelope.Latchkey, status, code);

        Assert.Equal(status, error.Status);
        Assert.Equal("false", error.Header(ErrorResponseWriter.ShouldRetryHeaderName));
    }

    [Fact]
    public async Task Without_an_envelope_source_the_contract_shape_is_written()
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new RequestOutcomeFeature("req_x"));
        using var body = new MemoryStream();
        context.Response.Body = body;

        await ErrorResponseWriter.WriteAsync(context, 404, ErrorCodes.NotFound, "No such endpoint.");

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("""{"error":"not_found","message":"No such endpoint.","request_id":"req_x"}""", System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(404, context.Features.Get<RequestOutcomeFeature>()!.ErrorStatus);
    }
}
