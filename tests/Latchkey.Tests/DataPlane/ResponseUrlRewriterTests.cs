using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Tests.DataPlane;

public sealed class ResponseUrlRewriterTests
{
    private const string Public = "https://lk.example/base";

    public static TheoryData<string, string, string?> Headers() => new()
    {
        // Link: several targets, parameters with commas and '<' in quotes, foreign hosts kept.
        {
            "Link",
            "<https://api.github.com/repos/o/r/issues?page=2&per_page=%31>; rel=\"next\", <https://api.github.com/repos/o/r/issues?page=5>; rel=\"last\"",
            "<https://lk.example/base/github/repos/o/r/issues?page=2&per_page=%31>; rel=\"next\", <https://lk.example/base/github/repos/o/r/issues?page=5>; rel=\"last\""
        },
        {
            "Link",
            "<https://docs.github.com/x>; rel=\"help\"; title=\"a, <b>\", </repos/o/r>; rel=\"up\"",
            "<https://docs.github.com/x>; rel=\"help\"; title=\"a, <b>\", </base/github/repos/o/r>; rel=\"up\""
        },
        { "Link", "<https://docs.github.com/x>; rel=\"help\"", "<https://docs.github.com/x>; rel=\"help\"" },
        { "Location", "https://API.GITHUB.COM:443/repositories/42", "https://lk.example/base/github/repositories/42" },
        { "Location", "//api.github.com/repositories/42#frag", "https://lk.example/base/github/repositories/42#frag" },
        { "Location", "/repositories/42?x=%2F", "/base/github/repositories/42?x=%2F" },
        { "Location", "http://api.github.com/repositories/42", "http://api.github.com/repositories/42" },
        { "Location", "https://api.github.com:8443/x", "https://api.github.com:8443/x" },
        { "Location", "relative/path", "relative/path" },
        // A single URL may hold commas; a list header with one is left alone.
        { "Location", "https://api.github.com/repos/o/r/issues?labels=a,b", "https://lk.example/base/github/repos/o/r/issues?labels=a,b" },
        { "Content-Location", "https://api.github.com/x?ids=1,2", "https://lk.example/base/github/x?ids=1,2" },
        { "X-Next-Page", "https://api.github.com/x?ids=1,2", "https://api.github.com/x?ids=1,2" },
        // An unterminated quote hides where the last link-value ends: the header goes.
        { "Link", "<https://api.github.com/repos/o/r/issues?page=2>; rel=\"next", null },
        { "Link", "<https://docs.github.com/x>; rel=\"help\", <https://api.github.com/repos/o/r/issues?page=2>; title=\"a", null },
        { "Content-Location", "https://api.github.com/x", "https://lk.example/base/github/x" },
        { "X-Next-Page", "https://api.github.com/x?cursor=abc", "https://lk.example/base/github/x?cursor=abc" },
        { "X-Path", "/not/a/url/header", "/not/a/url/header" },
        { "Content-Security-Policy", "default-src https://api.github.com", "default-src https://api.github.com" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Urls_on_the_upstream_point_back_at_Latchkey(string name, string value, string? expected)
    {
        var headers = Rewrite("github", "https://api.github.com", name, value);

        Assert.Equal(expected, headers[name].SingleOrDefault());
    }

    [Theory]
    [InlineData("Location", "https://api.atlassian.com/ex/jira/cloud-1/rest/api/3/issue/1?a=b", "https://lk.example/base/jira/rest/api/3/issue/1?a=b")]
    [InlineData("Location", "/ex/jira/cloud-1/rest/api/3/issue/1", "/base/jira/rest/api/3/issue/1")]
    [InlineData("Location", "https://api.atlassian.com/ex/jira/cloud-10/rest", null)]
    [InlineData("Location", "https://api.atlassian.com/admin", null)]
    [InlineData("Location", "/admin", null)]
    [InlineData("Link", "<https://api.atlassian.com/admin>; rel=\"x\", <https://api.atlassian.com/ex/jira/cloud-1/y>; rel=\"next\"", "<https://lk.example/base/jira/y>; rel=\"next\"")]
    [InlineData("Link", "<https://api.atlassian.com/admin>; rel=\"x\"", null)]
    public void The_upstream_base_path_is_mapped_and_anything_outside_it_dropped(string name, string value, string? expected)
    {
        var headers = Rewrite("jira", "https://api.atlassian.com/ex/jira/cloud-1", name, value);

        Assert.Equal(expected, headers[name].SingleOrDefault());
    }

    [Theory]
    [InlineData("https://lk.example/base", "Link", "<https://api.github.com/repos/o/r/issues?page=2>; rel=\"next\"", "<https://github.lk.internal/repos/o/r/issues?page=2>; rel=\"next\"")]
    [InlineData("http://lk.example:8080", "Location", "https://api.github.com/repositories/42#f", "http://github.lk.internal:8080/repositories/42#f")]
    [InlineData("https://lk.example/base", "Location", "/repositories/42?x=%2F", "/repositories/42?x=%2F")]
    [InlineData("https://lk.example/base", "Location", "https://elsewhere.example/x", "https://elsewhere.example/x")]
    public void Host_addressed_requests_get_urls_on_their_provider_host(string publicUrl, string name, string value, string expected)
    {
        var headers = Rewrite("github", "https://api.github.com", name, value, publicUrl, providerHostBase: "lk.internal");

        Assert.Equal(expected, headers[name].SingleOrDefault());
    }

    [Fact]
    public void Headers_without_urls_are_not_candidates()
    {
        Assert.False(ResponseUrlRewriter.MayHoldUrl(new StringValues("application/json")));
        Assert.False(ResponseUrlRewriter.MayHoldUrl(new StringValues("W/\"etag\"")));
        Assert.True(ResponseUrlRewriter.MayHoldUrl(new StringValues(["x", " /path"])));
    }

    [Fact]
    public void Checking_a_header_without_a_url_allocates_nothing()
    {
        var values = new StringValues("application/json; charset=utf-8");

        Assert.Equal(0, AllocationMeter.AllocatedBy(() => ResponseUrlRewriter.MayHoldUrl(values), 1000));
    }

    private static HeaderDictionary Rewrite(
        string provider, string upstream, string name, string value, string publicUrl = Public, string? providerHostBase = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = publicUrl }).Build();
        var rewriter = new ResponseUrlRewriter(new PublicUrl(configuration));
        var headers = new HeaderDictionary { [name] = value };
        var agentRequest = new AgentRequestFeature
        {
            Provider = provider,
            ProviderDefinition = new ProviderDefinition { Name = provider, Upstream = new Uri(upstream) },
            ProviderHostBase = providerHostBase,
        };

        rewriter.Rewrite(headers, [name], agentRequest);
        return headers;
    }
}
