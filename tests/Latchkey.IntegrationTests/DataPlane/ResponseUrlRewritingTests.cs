using System.Net;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>
/// Response headers that point at the provider's upstream (pagination <c>Link</c>, redirect
/// <c>Location</c>) are rewritten to Latchkey's public URL, so an SDK's next request comes back
/// through Latchkey (judged, audited, and never carrying the session token to the provider).
/// </summary>
public sealed class ResponseUrlRewritingTests : IAsyncLifetime
{
    private const string PublicUrl = "https://latchkey.example";
    private const string Issue = "/tickets/rest/api/3/issue/X-1";
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules,
            settings: new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = PublicUrl });
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "tickets.read");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Pagination_links_to_the_upstream_come_back_through_Latchkey()
    {
        var upstream = _host.Upstream.Url;
        Respond(200, ("Link",
            $"<{upstream}/ex/jira/cloud-1/rest/api/3/issue/X-1?page=2&q=%2F+x>; rel=\"next\", "
            + $"<{upstream}/ex/jira/cloud-1/rest/api/3/issue/X-1?page=9>; rel=\"last\", <https://docs.example/help>; rel=\"help\""));

        using var response = await _host.SendAsync(HttpMethod.Get, Issue, _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            $"<{PublicUrl}/tickets/rest/api/3/issue/X-1?page=2&q=%2F+x>; rel=\"next\", "
            + $"<{PublicUrl}/tickets/rest/api/3/issue/X-1?page=9>; rel=\"last\", <https://docs.example/help>; rel=\"help\"",
            string.Join(", ", response.Headers.GetValues("Link")));
    }

    [Theory]
    [InlineData("{upstream}/ex/jira/cloud-1/rest/api/3/issue/X-2", PublicUrl + "/tickets/rest/api/3/issue/X-2")]
    [InlineData("/ex/jira/cloud-1/rest/api/3/issue/X-2?x=%41", "/tickets/rest/api/3/issue/X-2?x=%41")]
    [InlineData("https://elsewhere.example/x", "https://elsewhere.example/x")]
    [InlineData("relative/X-2", "relative/X-2")]
    public async Task Redirect_locations_to_the_upstream_come_back_through_Latchkey(string location, string expected)
    {
        Respond(301, ("Location", location.Replace("{upstream}", _host.Upstream.Url, StringComparison.Ordinal)));

        using var response = await _host.SendAsync(HttpMethod.Get, Issue, _session.Token);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_location_on_the_upstream_host_outside_the_provider_is_dropped()
    {
        Respond(302, ("Location", _host.Upstream.Url + "/admin/other"));

        using var response = await _host.SendAsync(HttpMethod.Get, Issue, _session.Token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    private void Respond(int status, (string Name, string Value) header) =>
        _host.Upstream.Server.Given(Request.Create().WithPath("/ex/jira/cloud-1/rest/api/3/issue/X-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader(header.Name, header.Value).WithBody("{}"));
}
