using System.Net;
using Latchkey.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.Tests.DataPlane;

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
        headers["Set-Cookie2"] = "legacy=1; Version=1";
        headers["Latchkey_Forged"] = "forged";
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

    [Fact]
    public async Task An_echoed_credential_is_masked_in_headers_and_flagged()
    {
        var (httpContext, agentRequest) = ForwardedContext();
        httpContext.Response.Headers["X-Debug"] = "got Bearer real-token-0123456789 ok";
        httpContext.Response.Headers["X-Other"] = "fine";

        await new UpstreamResponseTransform().ApplyAsync(new ResponseTransformContext { HttpContext = httpContext });

        Assert.Equal("got Bearer " + new string('*', "real-token-0123456789".Length) + " ok", httpContext.Response.Headers["X-Debug"]);
        Assert.Equal("fine", httpContext.Response.Headers["X-Other"]);
        Assert.True(agentRequest.CredentialEchoed);
        Assert.IsType<EchoScrubbingStream>(httpContext.Response.Body);
    }

    [Theory]
    [InlineData("https://api.example/base/issues?t=real-token-0123456789", "https://lk.example/crm/issues?t=*********************")]
    [InlineData("https://api.example/outside/x?t=real-token-0123456789", null)]
    public async Task An_echoed_credential_in_a_url_header_is_masked_in_the_rewritten_url_and_never_restores_a_dropped_one(string location, string? expected)
    {
        var (httpContext, agentRequest) = ForwardedContext("https://api.example/base");
        httpContext.Response.Headers.Location = location;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = "https://lk.example" }).Build();
        var transform = new UpstreamResponseTransform(urls: new ResponseUrlRewriter(new Latchkey.Hosting.PublicUrl(configuration)));

        await transform.ApplyAsync(new ResponseTransformContext { HttpContext = httpContext });

        Assert.Equal(expected, httpContext.Response.Headers.Location.SingleOrDefault());
        Assert.True(agentRequest.CredentialEchoed);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_compressed_body_is_not_wrapped(string encoding)
    {
        var (httpContext, agentRequest) = ForwardedContext();
        httpContext.Response.Headers.ContentEncoding = encoding;

        await new UpstreamResponseTransform().ApplyAsync(new ResponseTransformContext { HttpContext = httpContext });

        Assert.IsNotType<EchoScrubbingStream>(httpContext.Response.Body);
        Assert.False(agentRequest.CredentialEchoed);
    }

    private static (DefaultHttpContext Context, AgentRequestFeature AgentRequest) ForwardedContext(string upstream = "https://api.example")
    {
        var httpContext = new DefaultHttpContext();
        var agentRequest = new AgentRequestFeature
        {
            Provider = "crm",
            ProviderDefinition = new Latchkey.Providers.ProviderDefinition { Name = "crm", Upstream = new Uri(upstream) },
            Credential = new Latchkey.Credentials.SecretValue("Bearer real-token-0123456789"),
        };
        httpContext.Features.Set(agentRequest);
        return (httpContext, agentRequest);
    }
}
