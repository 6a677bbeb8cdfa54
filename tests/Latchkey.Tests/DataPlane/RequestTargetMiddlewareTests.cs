using Latchkey.DataPlane;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.DataPlane;

public sealed class RequestTargetMiddlewareTests
{
    // Without Latchkey:ProviderHosts: every request is path-addressed (host addressing has its own tests).
    private static readonly ProviderHostMatcher PathAddressingOnly = new(Options.Create(new ProviderHostOptions()));

    [Fact]
    public async Task Canonical_target_is_pinned_and_split_into_provider_upstream_path_and_query()
    {
        var context = Context("GET", "/mail/gmail/v1/users/me/me%73sages/1?q=a%2Fb");
        var middleware = new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance);

        await middleware.InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        var feature = context.Http.Features.GetRequiredFeature<AgentRequestFeature>();
        Assert.Equal(("mail", "/gmail/v1/users/me/messages/1", "?q=a%2Fb"), (feature.Provider, feature.UpstreamPath, feature.Query));
        Assert.Equal("/mail/gmail/v1/users/me/messages/1", context.Http.Request.Path.Value);
        Assert.True(feature.IsDataPlane);
    }

    [Theory]
    [InlineData("/mail/gmail/v1/users/me/messages%2F1")]
    [InlineData("/mail/gmail/v1/users/me/%2e%2e/settings")]
    [InlineData("/mail/gmail/v1/users/me//settings")]
    [InlineData("/mail/gmail/v1/users/me/messages?_method=DELETE")]
    public async Task Ambiguous_target_is_refused_before_anything_else_runs(string target)
    {
        var context = Context("GET", target);

        await new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "ambiguous_path"), (context.Status, context.ErrorCode));
    }

    [Theory]
    [InlineData("TRACE", "/mail/gmail/v1/users/me/../settings")]
    [InlineData("PROPFIND", "/mail/gmail/v1/users/me/messages")]
    public async Task Method_no_rule_can_name_is_refused_with_allow(string method, string target)
    {
        var context = Context(method, target);

        await new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((405, "method_not_allowed"), (context.Status, context.ErrorCode));
        Assert.Contains("GET", context.Http.Response.Headers.Allow.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserved_first_segment_leaves_the_data_plane_whatever_the_method()
    {
        var context = Context("PROPFIND", "/v1/sessions");

        await new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.False(context.Http.Features.GetRequiredFeature<AgentRequestFeature>().IsDataPlane);
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override", "DELETE", 400, "ambiguous_path")]
    [InlineData("X_Original_URL", "/mail/gmail/v1/users/me/settings", 400, "ambiguous_path")]
    [InlineData("Upgrade", "websocket", 400, "invalid_request")]
    [InlineData("Content-Type", "application/grpc", 415, "unsupported_media_type")]
    [InlineData("Connection", "keep-alive, Content-Type", 400, "ambiguous_path")]
    [InlineData("Connection", "content-length", 400, "ambiguous_path")]
    [InlineData("Connection", "close,Transfer-Encoding", 400, "ambiguous_path")]
    [InlineData("Connection", "Content_Encoding", 400, "ambiguous_path")]
    public async Task Steering_upgrade_and_grpc_requests_are_refused(string header, string value, int status, string code)
    {
        var context = Context("GET", "/mail/gmail/v1/users/me/messages");
        context.Http.Request.Headers[header] = value;

        await new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((status, code), (context.Status, context.ErrorCode));
    }

    [Theory]
    [InlineData("keep-alive")]
    [InlineData("close, X-Custom")]
    public async Task A_connection_header_naming_no_content_header_goes_on(string value)
    {
        var context = Context("GET", "/mail/gmail/v1/users/me/messages");
        context.Http.Request.Headers.Connection = value;

        await new RequestTargetMiddleware(context.Next, PathAddressingOnly, NullLogger<RequestTargetMiddleware>.Instance).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
    }

    private static StepContext Context(string method, string rawTarget)
    {
        var context = new StepContext(method);
        context.Http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget = rawTarget;
        return context;
    }
}
