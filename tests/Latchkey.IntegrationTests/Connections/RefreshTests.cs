using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Connections;

public sealed class RefreshTests
{
    private const string SendPath = "/mail/gmail/v1/users/me/messages/send";

    [Fact]
    public async Task Expired_token_is_refreshed_once_under_200_concurrent_requests()
    {
        await using var test = OAuthTestHost.Start();
        var refreshToken = test.OAuth.MintToken("rt-");
        await test.SeedAsync("t1", "alice", test.OAuth.MintToken("at-old-"), refreshToken, DateTimeOffset.UtcNow.AddMinutes(-5));
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, test.OAuth.RefreshCalls);
        Assert.Equal(refreshToken, test.OAuth.LastRefreshToken);
        var expected = "Bearer " + test.OAuth.LastAccessToken;
        Assert.Equal(200, test.Host.Upstream.Received.Count);
        Assert.All(test.Host.Upstream.Received, e => Assert.Equal(expected, e.RequestMessage.Headers!["Authorization"].Single()));

        // The provider did not rotate: the stored refresh token is kept, not blanked.
        Assert.Equal(refreshToken, (await test.StoredAsync("t1", "alice"))!.RefreshToken!.Reveal());
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await test.AssertNoTokenLeaksAsync();
    }

    [Fact]
    public async Task Invalid_grant_answers_connection_required_with_a_link_and_is_remembered()
    {
        await using var test = OAuthTestHost.Start();
        test.OAuth.RefreshMode = "invalid_grant";
        await test.SeedAsync("t1", "alice", test.OAuth.MintToken("at-old-"), test.OAuth.MintToken("rt-"), DateTimeOffset.UtcNow.AddMinutes(-5));
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");

        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"))));
        using var later = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));

        foreach (var response in burst.Append(later))
        {
            var error = await ErrorAssert.IsErrorAsync(response, 403, "connection_required");
            Assert.Equal("mail", error.GetProperty("provider").GetString());
            Assert.StartsWith(OAuthTestHost.PublicUrl + "/oauth/connect/", error.GetProperty("authorize_url").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, test.OAuth.RefreshCalls);
        Assert.Empty(test.Host.Upstream.Received);
        Assert.True((await test.StoredAsync("t1", "alice"))!.NeedsReauthorization);
    }

    [Fact]
    public async Task Link_in_connection_required_connects_the_sessions_user()
    {
        await using var test = OAuthTestHost.Start();
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");
        using var refused = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));
        var page = (await ErrorAssert.IsErrorAsync(refused, 403, "connection_required")).GetProperty("authorize_url").GetString()!;
        var link = await OAuthTestHost.ContinueAsync(test.Host, test.Browser, page);

        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query)["state"].ToString();
        using var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(link)}&state={state}");
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);

        using var forwarded = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
    }

    [Fact]
    public async Task Transient_refresh_failure_is_retried_then_503_and_keeps_the_refresh_token()
    {
        await using var test = OAuthTestHost.Start();
        test.OAuth.RefreshMode = "unavailable";
        test.OAuth.Latency = TimeSpan.Zero;
        var refreshToken = test.OAuth.MintToken("rt-");
        await test.SeedAsync("t1", "alice", test.OAuth.MintToken("at-old-"), refreshToken, DateTimeOffset.UtcNow.AddMinutes(-5));
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");

        using (var failed = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}")))
        {
            await ErrorAssert.IsErrorAsync(failed, 503, "credential_unavailable");
        }

        Assert.Equal(3, test.OAuth.RefreshCalls);
        Assert.Empty(test.Host.Upstream.Received);
        var stored = await test.StoredAsync("t1", "alice");
        Assert.Equal(refreshToken, stored!.RefreshToken!.Reveal());
        Assert.False(stored.NeedsReauthorization);

        test.OAuth.RefreshMode = "ok";
        using var recovered = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(refreshToken, test.OAuth.LastRefreshToken);
    }

    [Fact]
    public async Task Rotated_refresh_token_replaces_the_stored_one()
    {
        await using var test = OAuthTestHost.Start();
        test.OAuth.RotateRefreshTokens = true;
        var original = test.OAuth.MintToken("rt-");
        await test.SeedAsync("t1", "alice", test.OAuth.MintToken("at-old-"), original, DateTimeOffset.UtcNow.AddSeconds(30));
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");

        // 30 s left is inside the refresh margin: refreshed proactively, before it expires.
        using var response = await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await test.StoredAsync("t1", "alice");
        Assert.NotEqual(original, stored!.RefreshToken!.Reveal());
        Assert.Equal(test.OAuth.LastAccessToken, stored.AccessToken.Reveal());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("ok").GetBoolean());
    }
}
