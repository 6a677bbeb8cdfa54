using System.Net;
using Latchkey.Forwarding;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.Tests.Forwarding;

public sealed class UpstreamResponseTransformTests
{
    [Fact]
    public async Task Upstream_Latchkey_headers_and_cookies_are_dropped_and_the_rest_kept()
    {
        var httpContext = new DefaultHttpContext();
        var headers = httpContext.Response.Headers;
        headers["Latchkey-Request-Id"] = "forged";
        headers["latchkey-approval"] = "forged";
        headers["Set-Cookie"] = "session=upstream";
        headers["Content-Type"] = "application/json";
        headers["X-Upstream"] = "kept";
        using var upstream = new HttpResponseMessage(HttpStatusCode.Accepted);

        await new UpstreamResponseTransform().ApplyAsync(new ResponseTransformContext
        {
            HttpContext = httpContext,
            ProxyResponse = upstream,
        });

        Assert.Equal(["Content-Type", "X-Upstream"], headers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_Latchkey_headers_nothing_else_is_touched()
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Response.Headers["X-Upstream"] = "kept";

        await new UpstreamResponseTransform().ApplyAsync(new ResponseTransformContext { HttpContext = httpContext });

        Assert.Equal("kept", httpContext.Response.Headers["X-Upstream"]);
        Assert.Single(httpContext.Response.Headers);
    }
}
