using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>A Latchkey whose <c>mail</c> provider users connect through a <see cref="FakeOAuthServer"/>.</summary>
public sealed class OAuthTestHost : IAsyncDisposable
{
    public const string PublicUrl = "https://latchkey.example.test";

    internal const string Rules = """
        rules:
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: allow
        """;

    private readonly string _secretVariable;

    private OAuthTestHost(FakeOAuthServer oauth, LatchkeyTestHost host, string secretVariable)
    {
        OAuth = oauth;
        Host = host;
        _secretVariable = secretVariable;
    }

    public FakeOAuthServer OAuth { get; }

    /// <summary>The user's browser: it opens the connect links and receives the provider's redirect back.</summary>
    public ConnectBrowser Browser { get; } = new();

    public LatchkeyTestHost Host { get; }

    public static OAuthTestHost Start(bool serverExpectsBasic = true, string clientAuth = "client_secret_basic")
    {
        var oauth = new FakeOAuthServer(serverExpectsBasic);
        var variable = "LATCHKEY_IT_OAUTH_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, oauth.ClientSecret);
        var providers = ProvidersFor(oauth, variable, clientAuth);
        var host = LatchkeyTestHost.Start(providers, Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:PublicUrl"] = PublicUrl,
        });
        return new OAuthTestHost(oauth, host, variable);
    }

    /// <summary>providers.yaml with one <c>mail</c> provider connected through <paramref name="oauth"/>.</summary>
    internal static string ProvidersFor(FakeOAuthServer oauth, string secretVariable, string clientAuth = "client_secret_basic") =>
        "providers:\n" + ProviderEntry(oauth, secretVariable, "mail", clientAuth, withRevocation: true);

    /// <summary>One user-credential provider connected through <paramref name="oauth"/>, indented to go under <c>providers:</c>.</summary>
    internal static string ProviderEntry(FakeOAuthServer oauth, string secretVariable, string name, string clientAuth, bool withRevocation) =>
        $$"""
              {{name}}:
                upstream: "{upstream}"
                allow_private_network: true
                credential: user
                oauth:
                  authorize_url: {{oauth.Url}}/authorize
                  token_url: {{oauth.Url}}/token
                  {{(withRevocation ? $"revoke_url: {oauth.Url}/revoke" : "# no revoke_url")}}
                  client_id: {{FakeOAuthServer.ClientId}}
                  client_secret: env:{{secretVariable}}
                  client_auth: {{clientAuth}}
                  scopes: [email.send]

            """;

    public HttpRequestMessage Management(HttpMethod method, string path, string tenant, string user, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.Jwt.Issue(tenant, user));
        return request;
    }

    /// <summary>
    /// POST /v1/connections/mail, then opens the link in <see cref="Browser"/> and continues; returns
    /// the flow id and the provider's authorize URL the browser was sent to.
    /// </summary>
    public Task<(string FlowId, string AuthorizeUrl)> StartConnectAsync(string tenant, string user) =>
        StartConnectAsync(Host, tenant, user, Browser);

    /// <summary>Starts a flow on <paramref name="host"/> and continues from its link page in <paramref name="browser"/>.</summary>
    internal static async Task<(string FlowId, string AuthorizeUrl)> StartConnectAsync(LatchkeyTestHost host, string tenant, string user, ConnectBrowser browser)
    {
        var (flowId, link) = await StartLinkAsync(host, tenant, user);
        return (flowId, await ContinueAsync(host, browser, link));
    }

    /// <summary>Opens the link page in <paramref name="browser"/> and presses Continue; returns where it redirects (the provider).</summary>
    internal static async Task<string> ContinueAsync(LatchkeyTestHost host, ConnectBrowser browser, string link)
    {
        using var page = await browser.GetAsync(host, link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == System.Net.HttpStatusCode.OK, $"link page: {(int)page.StatusCode} {html}");
        using var continued = await browser.PostFormAsync(host, link, new Dictionary<string, string> { ["proof"] = ProofIn(html) });
        Assert.True(continued.StatusCode == System.Net.HttpStatusCode.SeeOther, $"continue: {(int)continued.StatusCode} {await continued.Content.ReadAsStringAsync()}");
        return continued.Headers.Location!.ToString();
    }

    /// <summary>The hidden form field of the link page.</summary>
    internal static string ProofIn(string html)
    {
        const string Marker = "name=\"proof\" value=\"";
        var start = html.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return html[start..html.IndexOf('"', start)];
    }

    public Task<(string FlowId, string Link)> StartLinkAsync(string tenant, string user) => StartLinkAsync(Host, tenant, user);

    /// <summary>POST /v1/connections/mail on any instance, as the user; returns the flow id and Latchkey's link.</summary>
    internal static async Task<(string FlowId, string Link)> StartLinkAsync(LatchkeyTestHost host, string tenant, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/connections/mail")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Jwt.Issue(tenant, user));
        using var response = await host.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"connect start failed: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("flow_id").GetString()!, json.GetProperty("authorize_url").GetString()!);
    }

    /// <summary>The provider's redirect back, arriving in <see cref="Browser"/>.</summary>
    public Task<HttpResponseMessage> CallbackAsync(string query) => Browser.GetAsync(Host, "/oauth/callback" + query);

    /// <summary>Stores a token pair as an earlier connect flow would have.</summary>
    public Task SeedAsync(string tenant, string user, string accessToken, string? refreshToken, DateTimeOffset? expiresAt) =>
        Host.Factory.Services.GetRequiredService<ITokenVault>().StoreAsync(
            new ConnectionKey(tenant, user, "mail"),
            new UserToken
            {
                AccessToken = new SecretValue(accessToken),
                RefreshToken = refreshToken is null ? null : new SecretValue(refreshToken),
                ExpiresAt = expiresAt,
                Scopes = ["email.send"],
                ConnectedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);

    public Task<UserToken?> StoredAsync(string tenant, string user) =>
        Host.Factory.Services.GetRequiredService<ITokenVault>().GetAsync(new ConnectionKey(tenant, user, "mail"), CancellationToken.None).AsTask();

    /// <summary>Every byte the connection store holds, as text in the encodings a leak could take.</summary>
    public async Task<string> DumpStoreAsync()
    {
        var records = await Host.Factory.Services.GetRequiredService<IConnectionStore>().ListAllAsync(CancellationToken.None);
        var dump = new StringBuilder();
        foreach (var record in records)
        {
            dump.Append(Encoding.UTF8.GetString(record.ProtectedTokens)).Append('\n')
                .Append(Convert.ToBase64String(record.ProtectedTokens)).Append('\n')
                .Append(JsonSerializer.Serialize(record)).Append('\n');
        }

        return dump.ToString();
    }

    /// <summary>Fails if any token the OAuth server issued appears in the store, the Seq stand-in or the text given.</summary>
    public async Task AssertNoTokenLeaksAsync(params string[] texts)
    {
        var store = await DumpStoreAsync();
        var seq = await Host.EmittedTextAsync();
        foreach (var token in OAuth.IssuedTokens.Append(OAuth.ClientSecret))
        {
            Assert.DoesNotContain(token, store, StringComparison.Ordinal);
            Assert.DoesNotContain(token, seq, StringComparison.Ordinal);
            foreach (var text in texts)
            {
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Unsets the variable the provider's <c>client_secret: env:</c> names, as a botched deployment would.</summary>
    public void UnsetClientSecret() => Environment.SetEnvironmentVariable(_secretVariable, null);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        OAuth.Dispose();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }
}
