using System.Diagnostics;
using System.Net;
using Latchkey.IntegrationTests.Connections;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// A refresh storm while the provider's token endpoint takes 10 s to answer: every waiting
/// request shares the one refresh instead of piling more onto a struggling provider.
/// </summary>
public sealed class SlowTokenEndpointTests
{
    private const string SendPath = "/mail/gmail/v1/users/me/messages/send";

    [Fact]
    public async Task Ten_second_token_endpoint_still_gets_one_refresh_for_a_storm_of_requests()
    {
        await using var test = OAuthTestHost.Start();
        test.OAuth.Latency = TimeSpan.FromSeconds(10);
        var refreshToken = test.OAuth.MintToken("rt-");
        await test.SeedAsync("t1", "alice", test.OAuth.MintToken("at-old-"), refreshToken, DateTimeOffset.UtcNow.AddMinutes(-5));
        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");

        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            // Spread the storm over the first seconds of the slow refresh.
            await Task.Delay(i * 30);
            return await test.Host.SendAsync(HttpMethod.Post, SendPath, session.Token, new StringContent("{}"));
        }));
        var elapsed = watch.Elapsed;

        var statuses = responses.GroupBy(r => (int)r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine($"slow token endpoint: {test.OAuth.RefreshCalls} refresh call(s), statuses {string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}"))}, storm took {elapsed.TotalSeconds:F1} s");
        Assert.Equal(1, test.OAuth.RefreshCalls);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var expected = "Bearer " + test.OAuth.LastAccessToken;
        Assert.All(test.Host.Upstream.Received, e => Assert.Equal(expected, e.RequestMessage.Headers!["Authorization"].Single()));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await test.AssertNoTokenLeaksAsync();
    }
}
