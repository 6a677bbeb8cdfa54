using System.Net;
using Latchkey.Credentials;
using Latchkey.DataPlane;
using Latchkey.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Tests.DataPlane;

public sealed class UpstreamTransformerTests
{
    private const string Prefix = "https://api.example.com";

    [Fact]
    public async Task The_upstream_request_goes_to_the_canonical_path_with_the_upstreams_own_host_and_only_the_injected_credential()
    {
        var httpContext = AgentRequest(query: "?state=open&x=%2e%2e%41");
        httpContext.Request.Headers.Host = "latchkey.internal:8080";
        httpContext.Request.Headers.Authorization = "Bearer lk_session";
        httpContext.Request.Headers["X-Keep"] = "yes";
        using var proxyRequest = new HttpRequestMessage();

        await Transformer().TransformRequestAsync(httpContext, proxyRequest, Prefix, CancellationToken.None);

        Assert.Equal($"{Prefix}/repos/o/r/issues?state=open&x=%2e%2e%41", proxyRequest.RequestUri!.OriginalString);
        Assert.False(proxyRequest.Headers.Contains("Host"));
        Assert.Equal(["Bearer real-token"], proxyRequest.Headers.GetValues("Authorization"));
        Assert.Equal(["yes"], proxyRequest.Headers.GetValues("X-Keep"));
    }

    [Fact]
    public async Task Without_a_query_the_upstream_gets_the_path_alone()
    {
        var httpContext = AgentRequest(query: "");
        using var proxyRequest = new HttpRequestMessage();

        await Transformer().TransformRequestAsync(httpContext, proxyRequest, Prefix, CancellationToken.None);

        Assert.Equal(new Uri($"{Prefix}/repos/o/r/issues"), proxyRequest.RequestUri);
    }

    [Fact]
    public async Task A_request_without_a_decided_credential_is_answered_here_and_given_no_upstream_address()
    {
        var httpContext = AgentRequest(query: "");
        httpContext.Features.Get<AgentRequestFeature>()!.Credential = null;
        httpContext.Response.Body = new MemoryStream();
        using var proxyRequest = new HttpRequestMessage();

        await Transformer().TransformRequestAsync(httpContext, proxyRequest, Prefix, CancellationToken.None);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, httpContext.Response.StatusCode);
        Assert.Null(proxyRequest.RequestUri);
        Assert.False(proxyRequest.Headers.Contains("Authorization"));
    }

    [Fact]
    public async Task The_upstream_response_headers_are_copied_then_cleaned_and_its_status_recorded()
    {
        var httpContext = AgentRequest(query: "");
        using var upstream = new HttpResponseMessage(HttpStatusCode.Created);
        upstream.Headers.TryAddWithoutValidation("Set-Cookie", "session=upstream");
        upstream.Headers.TryAddWithoutValidation("Latchkey-Approval", "forged");
        upstream.Headers.TryAddWithoutValidation("X-Upstream", "kept");

        var forwardBody = await Transformer().TransformResponseAsync(httpContext, upstream, CancellationToken.None);

        Assert.True(forwardBody);
        Assert.Equal(["X-Upstream"], httpContext.Response.Headers.Keys);
        Assert.Equal(201, httpContext.Features.Get<AgentRequestFeature>()!.UpstreamStatus);
    }

    [Fact]
    public async Task No_upstream_trailer_reaches_the_agent_nor_is_one_announced()
    {
        var httpContext = AgentRequest(query: "");
        var trailers = new TrailersFeature();
        httpContext.Features.Set<IHttpResponseTrailersFeature>(trailers);
        using var upstream = new HttpResponseMessage(HttpStatusCode.OK);
        upstream.Headers.TryAddWithoutValidation("Trailer", "X-Echo, Set-Cookie");
        upstream.TrailingHeaders.TryAddWithoutValidation("X-Echo", "Bearer real-token");
        upstream.TrailingHeaders.TryAddWithoutValidation("Set-Cookie", "session=upstream");
        upstream.TrailingHeaders.TryAddWithoutValidation("Latchkey-Approval", "forged");

        var transformer = Transformer();
        await transformer.TransformResponseAsync(httpContext, upstream, CancellationToken.None);
        await transformer.TransformResponseTrailersAsync(httpContext, upstream, CancellationToken.None);

        Assert.False(httpContext.Response.Headers.ContainsKey("Trailer"));
        Assert.Empty(trailers.Trailers);
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }

    private static UpstreamTransformer Transformer() => new(new UpstreamRequestTransform(), new UpstreamResponseTransform());

    private static DefaultHttpContext AgentRequest(string query)
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Method = HttpMethods.Get;
        httpContext.Features.Set(new AgentRequestFeature
        {
            Provider = "gh",
            UpstreamPath = "/repos/o/r/issues",
            Query = query,
            ProviderDefinition = new ProviderDefinition { Name = "gh", Preset = "github", Upstream = new Uri(Prefix) },
            Credential = new SecretValue("Bearer real-token"),
        });
        return httpContext;
    }
}
