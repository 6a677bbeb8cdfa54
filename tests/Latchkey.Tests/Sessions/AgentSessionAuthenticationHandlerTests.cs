using System.Net;
using System.Text;
using System.Text.Json;
using Latchkey.Sessions;
using Latchkey.Stores.InMemory;
using Latchkey.Tests.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Sessions;

public sealed class AgentSessionAuthenticationHandlerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LatchkeyTestHost _host = null!;
    private CountingSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new CountingSessionStore(new InMemorySessionStore(_time));
        _host = await LatchkeyTestHost.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton<ISessionStore>(_store);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> HeaderForms => new() { "Bearer {0}", "bearer {0}", "BEARER {0}", "token {0}", "Token {0}", "basic:{0}" };

    [Theory]
    [MemberData(nameof(HeaderForms))]
    public async Task Each_accepted_header_form_authenticates(string form)
    {
        var issued = await CreateSessionAsync();

        using var response = await SendAsync(Header(form, issued.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(issued.Record.Id, root.GetProperty("session_id").GetString());
        Assert.Equal(issued.Record.Id, root.GetProperty("sid").GetString());
        Assert.Equal("alice", root.GetProperty("sub").GetString());
        Assert.Equal("t1", root.GetProperty("tid").GetString());
        Assert.Equal("support-bot", root.GetProperty("agent_id").GetString());
        Assert.Equal(["email.read", "email.send"], root.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
    }

    public static TheoryData<string> MalformedHeaders => new()
    {
        "Bearer lk_short",
        "Bearer lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/",
        "Bearer lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%41",
        "Bearer xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic %%%notbase64",
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")),
        "Digest lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task Malformed_credentials_are_refused_without_a_store_call(string header)
    {
        using var response = await SendAsync(header);

        await AssertInvalidSessionAsync(response);
        Assert.Equal(0, _store.Lookups);
    }

    [Fact]
    public async Task Missing_header_is_refused()
    {
        using var response = await SendAsync();

        await AssertInvalidSessionAsync(response);
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused_without_a_store_call()
    {
        var issued = await CreateSessionAsync();

        using var response = await SendAsync("Bearer " + issued.Token, "Bearer " + issued.Token);

        await AssertInvalidSessionAsync(response);
        Assert.Equal(0, _store.Lookups);
    }

    [Fact]
    public async Task Unknown_token_is_refused()
    {
        using var response = await SendAsync("Bearer " + SessionTokens.Generate());

        await AssertInvalidSessionAsync(response);
        Assert.Equal(1, _store.Lookups);
    }

    [Fact]
    public async Task Expired_session_is_refused()
    {
        var issued = await CreateSessionAsync(ttlSeconds: 120);
        _time.Advance(TimeSpan.FromSeconds(120));

        using var response = await SendAsync("Bearer " + issued.Token);

        await AssertInvalidSessionAsync(response);
    }

    [Fact]
    public async Task Revoked_session_is_refused_on_the_next_request()
    {
        var issued = await CreateSessionAsync();
        using (var first = await SendAsync("Bearer " + issued.Token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await Sessions.RevokeAsync("t1", issued.Record.Id, CancellationToken.None);

        using var response = await SendAsync("Bearer " + issued.Token);
        await AssertInvalidSessionAsync(response);
    }

    [Fact]
    public async Task Store_outage_answers_503_store_unavailable()
    {
        var issued = await CreateSessionAsync();
        _store.Unavailable = true;

        using var response = await SendAsync("Bearer " + issued.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("store_unavailable", json.RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(issued.Token, body, StringComparison.Ordinal);
    }

    private SessionService Sessions => _host.Services.GetRequiredService<SessionService>();

    private async Task<IssuedSession> CreateSessionAsync(long? ttlSeconds = null)
    {
        var result = await Sessions.CreateAsync("t1", "alice", "support-bot", ["email.send", "email.read"], ttlSeconds, CancellationToken.None);
        Assert.NotNull(result.Session);
        return result.Session;
    }

    private static string Header(string form, string token) =>
        form == "basic:{0}"
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token))
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, form, token);

    private async Task<HttpResponseMessage> SendAsync(params string[] authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/agent/whoami");
        foreach (var value in authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }

        return await _host.Client.SendAsync(request);
    }

    private static async Task AssertInvalidSessionAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"latchkey\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_session", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(
            "The session token is missing, unknown, expired or revoked.",
            json.RootElement.GetProperty("message").GetString());
    }
}
