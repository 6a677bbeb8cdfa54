using System.Net;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Latchkey.IntegrationTests.RateLimiting;

public sealed class SessionRateLimitTests
{
    [Fact]
    public async Task Session_over_its_limit_gets_429_rate_limited_with_retry_after_and_is_audited()
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "1",
            ["Latchkey:RateLimits:Default:Burst"] = "2",
        });
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        var other = await host.CreateSessionAsync("acme", "bob", "bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.a");
        await host.SeedUserTokenAsync("acme", "bob", "mail", "ya29.b");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.NotNull(limited);
        await ErrorAssert.IsErrorAsync(limited, 429, "rate_limited");
        Assert.True(limited.Headers.RetryAfter is not null, "Retry-After missing");
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), host.Upstream.Received.Count);
        var audit = await host.WaitForAuditEventAsync(limited);
        Assert.Equal("rate_limited", audit.GetProperty("Reason").GetString());
        Assert.Equal("denied", audit.GetProperty("Decision").GetString());

        // Buckets are per session: another session is unaffected.
        using var bobs = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", other.Token);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
    }

    [Fact]
    public async Task Buckets_are_per_provider_and_a_provider_set_to_zero_is_not_limited()
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false, settings: new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "1",
            ["Latchkey:RateLimits:Default:Burst"] = "1",
            ["Latchkey:RateLimits:Providers:tickets:PermitsPerSecond"] = "0",
        });
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read", "tickets.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.a");

        using (var first = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token))
        using (var second = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
        }

        // The same session's bucket for mail is empty; tickets has none at all (0 = off for it).
        for (var i = 0; i < 5; i++)
        {
            using var ticket = await host.SendAsync(HttpMethod.Get, "/tickets/rest/api/3/issue/KEY-1", session.Token);
            Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        }
    }

    [Fact]
    public async Task Upstream_429_passes_through_with_its_retry_after()
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        host.Upstream.Server.Given(Request.Create().WithPath("/gmail/v1/users/me/messages").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "17").WithBody("{\"error\":\"slow down\"}"));
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.a");

        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(17), response.Headers.RetryAfter!.Delta);
        Assert.Equal("{\"error\":\"slow down\"}", await response.Content.ReadAsStringAsync());
    }
}
