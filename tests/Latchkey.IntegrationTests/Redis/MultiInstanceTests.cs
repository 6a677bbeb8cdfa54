using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Redis;

/// <summary>Two Latchkey instances on one redis-server: what one does, the other sees.</summary>
public sealed class MultiInstanceTests
{
    private const string SendPath = "/mail/gmail/v1/users/me/messages/send";

    [Fact]
    public async Task Session_created_on_A_works_on_B_and_a_revocation_on_A_is_refused_by_B_within_a_second()
    {
        await using var cluster = await RedisInstances.StartAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        await SeedTokenAsync(a, "at-alice", DateTimeOffset.UtcNow.AddHours(1));
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");

        // B serves it, and from then on from its in-process cache.
        for (var i = 0; i < 3; i++)
        {
            using var warm = await SendAsync(b, session.Token);
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{session.Id}"))
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", a.Jwt.Issue("t1", "alice"));
            using var revoked = await a.Client.SendAsync(revoke);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        // Pub/sub delivery takes a moment: B may serve a request or two in between, never past 1 s.
        var clock = Stopwatch.StartNew();
        var servedAfterRevoke = 0;
        HttpStatusCode status;
        do
        {
            using var after = await SendAsync(b, session.Token);
            status = after.StatusCode;
            servedAfterRevoke += status == HttpStatusCode.OK ? 1 : 0;
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"B still served the revoked session after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(3 + servedAfterRevoke, b.Upstream.Received.Count);
    }

    [Fact]
    public async Task Connection_started_on_A_and_completed_on_B_is_usable_through_both()
    {
        await using var cluster = await RedisInstances.StartAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        var browser = new ConnectBrowser();
        var (flowId, authorizeUrl) = await OAuthTestHost.StartConnectAsync(a, "t1", "alice", browser);
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();
        var code = cluster.OAuth.Approve(authorizeUrl);
        var bindingSecrets = browser.Cookies.Values.ToList();
        Assert.NotEmpty(bindingSecrets);

        // The provider redirects the browser to whichever instance the load balancer picks.
        using (var callback = await browser.GetAsync(b, $"/oauth/callback?code={code}&state={state}"))
        {
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        }

        // A's long poll sees the flow completed on B.
        using (var poll = new HttpRequestMessage(HttpMethod.Get, $"/v1/connections/flows/{flowId}?wait=5"))
        {
            poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", a.Jwt.Issue("t1", "alice"));
            using var polled = await a.Client.SendAsync(poll);
            var body = await polled.Content.ReadAsStringAsync();
            Assert.Equal("completed", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        }

        var session = await b.CreateSessionAsync("t1", "alice", "bot", "email.send");
        foreach (var instance in new[] { a, b })
        {
            using var response = await SendAsync(instance, session.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Bearer " + cluster.OAuth.LastAccessToken, Assert.Single(instance.Upstream.Received).RequestMessage.Headers!["Authorization"].Single());
        }

        // Redis holds ciphertext only.
        var dump = await DumpRedisAsync(cluster.Redis);
        foreach (var token in cluster.OAuth.IssuedTokens.Append(cluster.OAuth.ClientSecret).Append(session.Token).Append(state).Concat(bindingSecrets))
        {
            Assert.DoesNotContain(token, dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Expired_token_hit_100_times_through_both_instances_at_once_is_refreshed_exactly_once()
    {
        await using var cluster = await RedisInstances.StartAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        cluster.OAuth.RotateRefreshTokens = true;
        cluster.OAuth.Latency = TimeSpan.FromMilliseconds(500);
        var refreshToken = cluster.OAuth.MintToken("rt-");
        await SeedTokenAsync(a, cluster.OAuth.MintToken("at-old-"), DateTimeOffset.UtcNow.AddMinutes(-5), refreshToken);
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => SendAsync(i % 2 == 0 ? a : b, session.Token)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, cluster.OAuth.RefreshCalls);
        Assert.Equal(refreshToken, cluster.OAuth.LastRefreshToken);
        var expected = "Bearer " + cluster.OAuth.LastAccessToken;
        var forwarded = a.Upstream.Received.Concat(b.Upstream.Received).ToList();
        Assert.Equal(100, forwarded.Count);
        Assert.All(forwarded, e => Assert.Equal(expected, e.RequestMessage.Headers!["Authorization"].Single()));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        // The rotated refresh token was stored once, and is what both instances now hold.
        var stored = await b.Factory.Services.GetRequiredService<ITokenVault>().GetStoredAsync(new ConnectionKey("t1", "alice", "mail"), CancellationToken.None);
        Assert.NotEqual(refreshToken, stored!.RefreshToken!.Reveal());
    }

    [Fact]
    public async Task Session_and_connection_survive_a_restart_of_the_instance()
    {
        await using var cluster = await RedisInstances.StartAsync(count: 1);
        var first = cluster.Instances[0];
        await SeedTokenAsync(first, "at-survivor", DateTimeOffset.UtcNow.AddHours(1));
        var session = await first.CreateSessionAsync("t1", "alice", "bot", "email.send");

        await cluster.StopInstanceAsync(first);
        var restarted = cluster.StartInstance();
        using var response = await SendAsync(restarted, session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer at-survivor", Assert.Single(restarted.Upstream.Received).RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task Disconnect_on_A_stops_B_from_injecting_the_token_at_once()
    {
        await using var cluster = await RedisInstances.StartAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        await SeedTokenAsync(a, "at-alice", DateTimeOffset.UtcNow.AddHours(1));
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");
        using (var warm = await SendAsync(b, session.Token))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using (var disconnect = new HttpRequestMessage(HttpMethod.Delete, "/v1/connections/mail"))
        {
            disconnect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", a.Jwt.Issue("t1", "alice"));
            using var disconnected = await a.Client.SendAsync(disconnect);
            Assert.Equal(HttpStatusCode.NoContent, disconnected.StatusCode);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        HttpStatusCode status;
        do
        {
            using var after = await SendAsync(b, session.Token);
            status = after.StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    internal static Task<HttpResponseMessage> SendAsync(LatchkeyTestHost host, string sessionToken) =>
        host.SendAsync(HttpMethod.Post, SendPath, sessionToken, new StringContent("{}", Encoding.UTF8, "application/json"));

    internal static Task SeedTokenAsync(LatchkeyTestHost host, string accessToken, DateTimeOffset expiresAt, string? refreshToken = null) =>
        host.Factory.Services.GetRequiredService<ITokenVault>().StoreAsync(
            new ConnectionKey("t1", "alice", "mail"),
            new UserToken
            {
                AccessToken = new SecretValue(accessToken),
                RefreshToken = refreshToken is null ? null : new SecretValue(refreshToken),
                ExpiresAt = expiresAt,
                Scopes = ["email.send"],
                ConnectedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);

    /// <summary>Every key and value in Redis, as text.</summary>
    internal static async Task<string> DumpRedisAsync(RedisProcess redis)
    {
        var dump = new StringBuilder();
        var keys = await redis.CommandAsync("KEYS", "*");
        dump.Append(keys);
        foreach (var line in keys.Split("\r\n").Where(l => l.StartsWith("lk:", StringComparison.Ordinal)))
        {
            var type = (await redis.CommandAsync("TYPE", line)).Trim('+', '\r', '\n');
            dump.Append(type switch
            {
                "string" => await redis.CommandAsync("GET", line),
                "hash" => await redis.CommandAsync("HGETALL", line),
                "set" => await redis.CommandAsync("SMEMBERS", line),
                "zset" => await redis.CommandAsync("ZRANGE", line, "0", "-1"),
                "list" => await redis.CommandAsync("LRANGE", line, "0", "-1"),
                _ => string.Empty,
            });
        }

        return dump.ToString();
    }
}
