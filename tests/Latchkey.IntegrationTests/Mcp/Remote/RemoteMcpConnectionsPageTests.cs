using System.Net;
using Latchkey.IntegrationTests.Admin.SignIn;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// The Connections page and a remote MCP provider whose authorize endpoint is only known after
/// discovery: browsers apply the page's <c>form-action</c> to the redirect that follows the Connect
/// post, so the discovered authorize origin must be in it, or the browser blocks the connect.
/// </summary>
public sealed class RemoteMcpConnectionsPageTests : IAsyncLifetime
{
    private FakeOidcProvider _idp = null!;
    private FakeOAuthMcpServer _remote = null!;
    private LatchkeyTestHost _host = null!;
    private string _secretVariable = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeOidcProvider.StartAsync();
        _remote = await FakeOAuthMcpServer.StartAsync();
        _secretVariable = "LATCHKEY_IT_MCP_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(_secretVariable, FakeOAuthMcpServer.ClientSecret);
        var providers = $"""
            providers:
              remote:
                kind: mcp
                upstream: {_remote.Endpoint}
                allow_private_network: true
                oauth:
                  discovery: true
                  client_id: {FakeOAuthMcpServer.ClientId}
                  client_secret: env:{_secretVariable}
                  scopes: [issues.read]
            """;
        _host = LatchkeyTestHost.Start(providers, "rules: []\n", settings: new Dictionary<string, string?>
        {
            ["Latchkey:Admin:Authority"] = _idp.Issuer,
            ["Latchkey:Admin:SignIn:ClientId"] = FakeOidcProvider.ClientId,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _idp.DisposeAsync();
        await _remote.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public async Task Connect_post_of_a_discovering_provider_redirects_to_an_origin_the_pages_form_action_allows()
    {
        using var browser = new CookieBrowser();
        var (url, page) = await browser.FollowAsync(Page("/v1/ui/connections"));
        Assert.Equal(Page("/v1/ui/connections"), url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"connect-remote\"", html, StringComparison.Ordinal);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();

        using var started = await browser.PostFormAsync(Page("/v1/ui/connections/remote/connect"), [CookieBrowser.AntiforgeryField(html)]);

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var authorize = started.Headers.Location!;
        Assert.StartsWith(_remote.Origin + "/as/authorize?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains(authorize.GetLeftPart(UriPartial.Authority), DiscoveringMcpRig.FormActionSources(csp));
    }

    private Uri Page(string pathAndQuery) => new(_host.BaseAddress, pathAndQuery);
}
