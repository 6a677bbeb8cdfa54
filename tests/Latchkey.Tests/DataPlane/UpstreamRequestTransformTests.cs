using Latchkey.Credentials;
using Latchkey.DataPlane;
using Latchkey.Providers;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace Latchkey.Tests.DataPlane;

public sealed class UpstreamRequestTransformTests
{
    [Fact]
    public async Task Sets_the_canonical_path_strips_agent_headers_and_injects_one_credential()
    {
        var (context, proxyRequest) = Context(upstreamOverride: null);
        proxyRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer lk_session");
        proxyRequest.Headers.TryAddWithoutValidation("Cookie", "a=b");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.0.0.1");
        proxyRequest.Headers.TryAddWithoutValidation("X-Keep", "yes");
        context.HttpContext.Request.Headers["X-Forwarded-For"] = "10.0.0.1";

        await new UpstreamRequestTransform().ApplyAsync(context);

        Assert.Equal("/services/data/v60.0/sobjects", context.Path.Value);
        Assert.Equal("https://login.salesforce.com", context.DestinationPrefix);
        Assert.Equal(["Bearer real-token"], proxyRequest.Headers.GetValues("Authorization"));
        Assert.False(proxyRequest.Headers.Contains("Cookie"));
        Assert.False(proxyRequest.Headers.Contains("X-Forwarded-For"));
        Assert.True(proxyRequest.Headers.Contains("X-Keep"));
    }

    [Fact]
    public async Task A_vetted_instance_url_replaces_the_destination_host_only()
    {
        var (context, _) = Context(new Uri("https://acme.my.salesforce.com/"));

        await new UpstreamRequestTransform().ApplyAsync(context);

        Assert.Equal("https://acme.my.salesforce.com", context.DestinationPrefix);
        Assert.Equal("/services/data/v60.0/sobjects", context.Path.Value);
    }

    [Theory]
    [InlineData("True-Client-IP")]
    [InlineData("X-Client-IP")]
    [InlineData("X-Cluster-Client-IP")]
    [InlineData("CF-Connecting-IP")]
    [InlineData("Fastly-Client-IP")]
    [InlineData("X-Envoy-External-Address")]
    [InlineData("X_Real_IP")]
    [InlineData("x_forwarded_for")]
    [InlineData("Latchkey_Approval")]
    public async Task Client_identity_headers_are_stripped_in_any_spelling(string name)
    {
        var (context, proxyRequest) = Context(upstreamOverride: null);
        context.HttpContext.Request.Headers[name] = "10.6.6.6";
        proxyRequest.Headers.TryAddWithoutValidation(name, "10.6.6.6");

        await new UpstreamRequestTransform().ApplyAsync(context);

        Assert.False(proxyRequest.Headers.Contains(name));
    }

    [Fact]
    public async Task The_query_is_forwarded_as_received()
    {
        var (context, proxyRequest) = Context(upstreamOverride: null);
        context.HttpContext.Features.Get<AgentRequestFeature>()!.Query = "?x=%2e%2e%41";

        await new UpstreamRequestTransform().ApplyAsync(context);

        Assert.Equal("/services/data/v60.0/sobjects?x=%2e%2e%41", proxyRequest.RequestUri!.PathAndQuery);
    }

    [Theory]
    [InlineData("x_api_key")]
    [InlineData("X-API-KEY")]
    [InlineData("x-api_key")]
    public async Task The_injected_header_is_the_only_one_of_its_name_in_any_spelling(string agentSpelling)
    {
        var (context, proxyRequest) = Context(upstreamOverride: null);
        var agentRequest = context.HttpContext.Features.Get<AgentRequestFeature>()!;
        agentRequest.ProviderDefinition = agentRequest.ProviderDefinition! with { Inject = new InjectSettings("x-api-key", "{token}") };
        agentRequest.Credential = new SecretValue("sk-real");
        proxyRequest.Headers.TryAddWithoutValidation(agentSpelling, "sk-agents-own");

        await new UpstreamRequestTransform().ApplyAsync(context);

        Assert.Equal(["x-api-key: sk-real"], proxyRequest.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Accept_encoding_is_dropped_while_the_echo_scan_reads_bodies(bool identityResponses, bool forwarded)
    {
        var (context, proxyRequest) = Context(upstreamOverride: null);
        proxyRequest.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        proxyRequest.Headers.TryAddWithoutValidation("Accept_Encoding", "gzip");

        await new UpstreamRequestTransform(identityResponses).ApplyAsync(context);

        Assert.Equal(forwarded, proxyRequest.Headers.Contains("Accept-Encoding"));
        Assert.Equal(forwarded, proxyRequest.Headers.Contains("Accept_Encoding"));
    }

    private static (RequestTransformContext Context, HttpRequestMessage ProxyRequest) Context(Uri? upstreamOverride)
    {
        var http = new DefaultHttpContext();
        http.Features.Set(new AgentRequestFeature
        {
            Provider = "crm",
            UpstreamPath = "/services/data/v60.0/sobjects",
            ProviderDefinition = new ProviderDefinition { Name = "crm", Preset = "salesforce", Upstream = new Uri("https://login.salesforce.com") },
            Credential = new SecretValue("Bearer real-token"),
            UpstreamOverride = upstreamOverride,
        });
        var proxyRequest = new HttpRequestMessage();
        return (new RequestTransformContext
        {
            HttpContext = http,
            ProxyRequest = proxyRequest,
            DestinationPrefix = "https://login.salesforce.com",
            Path = http.Request.Path,
            Query = new QueryTransformContext(http.Request),
        }, proxyRequest);
    }
}
