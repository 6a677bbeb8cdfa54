using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Redis;

/// <summary>Redis going away and coming back: fail closed fast, forward nothing unvalidated, recover without a restart.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Redis_killed_under_load_refuses_fast_forwards_nothing_unvalidated_and_recovers_without_restart()
    {
        // Rate limiting off: this test floods one session on purpose.
        await using var cluster = await RedisInstances.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "0",
        }, productionDeadline: true);
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        await MultiInstanceTests.SeedTokenAsync(a, "at-alice", DateTimeOffset.UtcNow.AddHours(1));
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");

        var outcomes = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Took, string? Error)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var host = i % 2 == 0 ? a : b;
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                using var response = await MultiInstanceTests.SendAsync(host, session.Token);
                string? error = null;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
                }

                outcomes.Add((response.StatusCode, clock.Elapsed, error));
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        await cluster.Redis.KillAsync();
        var killedAt = outcomes.Count;
        await Task.Delay(TimeSpan.FromSeconds(2));
        using (var ready = await a.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        await cluster.Redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await WaitUntilAsync(async () =>
        {
            using var probeA = await MultiInstanceTests.SendAsync(a, session.Token);
            using var probeB = await MultiInstanceTests.SendAsync(b, session.Token);
            outcomes.Add((probeA.StatusCode, TimeSpan.Zero, probeA.StatusCode == HttpStatusCode.OK ? null : "store_unavailable"));
            outcomes.Add((probeB.StatusCode, TimeSpan.Zero, probeB.StatusCode == HttpStatusCode.OK ? null : "store_unavailable"));
            return probeA.StatusCode == HttpStatusCode.OK && probeB.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10));
        var recovery = back.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = outcomes.ToList();
        var refused = all.Where(o => o.Status != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        var kinds = string.Join(", ", refused.GroupBy(o => (o.Status, o.Error)).Select(g => $"{(int)g.Key.Status} {g.Key.Error} ×{g.Count()}"));
        Assert.True(refused.All(o => o.Status == HttpStatusCode.ServiceUnavailable && o.Error == "store_unavailable"), kinds);
        Assert.All(refused, o =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status);
            Assert.Equal("store_unavailable", o.Error);
            // As in the paused-Redis test below: the 1 s promise is the store deadline's, pinned with
            // a fake clock in RedisConnectionDeadlineTests; 0.5 s on top is for this test's four load
            // loops and two instances sharing two cores with the rest of the suite (seen: 1033 ms).
            Assert.True(o.Took < TimeSpan.FromSeconds(1.5), $"a refusal took {o.Took.TotalMilliseconds} ms");
        });

        // Every forwarded request was answered 200: nothing reached the upstream on a refusal.
        Assert.Equal(all.Count(o => o.Status == HttpStatusCode.OK), a.Upstream.Forwarded + b.Upstream.Forwarded);
        Assert.True(killedAt > 0);
        Assert.True(recovery < TimeSpan.FromSeconds(10), $"recovered after {recovery.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Process_starts_with_Redis_unreachable_refuses_within_a_second_and_serves_once_Redis_appears()
    {
        await using var redis = await RedisProcess.StartAsync();
        await redis.KillAsync();
        using var upstream = new RecordingUpstream();
        var jwt = new TestJwt();
        using var root = TempRoot.Create("latchkey-redis-proc-");
        Directory.CreateDirectory(Path.Combine(root, "config"));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "providers.yaml"), TestConfigs.Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "rules.yaml"), TestConfigs.Rules);
        TestConfigs.EnsureEnvironment();

        await using var process = await LatchkeyProcess.StartAsync(root, new Dictionary<string, string>
        {
            ["Latchkey__ConfigDir"] = Path.Combine(root, "config"),
            ["Latchkey__Audit__BufferPath"] = Path.Combine(root, "audit"),
            ["Latchkey__Admin__SigningKey"] = jwt.Base64Key,
            ["Latchkey__Redis"] = redis.ConnectionString,
            [TestConfigs.TicketsKeyVariable] = TestConfigs.TicketsKey,
        });
        using var client = new HttpClient { BaseAddress = process.BaseAddress };

        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // The first request of a fresh process also compiles the pipeline (seconds on a loaded
        // two-core runner); the promise is about the store's deadline, so time the second one.
        await SendColdSessionAsync(client);
        var clock = Stopwatch.StartNew();
        await SendColdSessionAsync(client);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the refusal took {clock.ElapsedMilliseconds} ms");
        using (var create = CreateSession(jwt))
        {
            using var refused = await client.SendAsync(create);
            await ErrorAssert.IsErrorAsync(refused, 503, "store_unavailable");
        }

        await redis.StartAgainAsync();
        await WaitUntilAsync(async () =>
        {
            using var ready = await client.GetAsync("/readyz");
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10));
        // Ready means Redis answers; a loaded runner can still miss production's one-second
        // deadline on the first writes, and 503 store_unavailable tells clients to retry.
        var status = 0;
        var body = string.Empty;
        for (var attempt = 1; attempt <= 3 && status != (int)HttpStatusCode.Created; attempt++)
        {
            using var create = CreateSession(jwt);
            using var created = await client.SendAsync(create);
            (status, body) = ((int)created.StatusCode, await created.Content.ReadAsStringAsync());
            Assert.True(status is (int)HttpStatusCode.Created or (int)HttpStatusCode.ServiceUnavailable,
                $"{status} {body}\n{process.Output[^Math.Min(6000, process.Output.Length)..]}");
            if (status != (int)HttpStatusCode.Created)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(status == (int)HttpStatusCode.Created, $"{status} {body}");

        Assert.Empty(upstream.Received);
        Assert.False(process.HasExited);
        Assert.Contains("RedisNotConnectedAtStart", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paused_Redis_gets_a_cold_session_503_store_unavailable_within_the_documented_second()
    {
        await using var cluster = await RedisInstances.StartAsync(count: 1, productionDeadline: true);
        var a = cluster.Instances[0];
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");

        // Warm the pipeline and the Redis connection, not the session: an unknown token costs the
        // same two lookups and caches nothing.
        using (var unknown = await MultiInstanceTests.SendAsync(a, "lk_" + new string('B', 43)))
        {
            await ErrorAssert.IsErrorAsync(unknown, 401, "invalid_session");
        }

        // Redis keeps its connections open but answers nothing (as during a long fork, a stalled
        // disk or a failover pause): only a deadline can end the wait.
        Assert.StartsWith("+OK", await cluster.Redis.CommandAsync("CLIENT", "PAUSE", "4000", "ALL"), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        using var refused = await MultiInstanceTests.SendAsync(a, session.Token);
        var took = clock.Elapsed;

        await ErrorAssert.IsErrorAsync(refused, 503, "store_unavailable");

        // Not a performance target (those live in bench/): operations.md and security.md promise a
        // refusal "within a second" while Redis does not answer, and the store call's deadline is
        // 1 s. The 0.5 s on top is for a test host sharing two cores with other builds; the defect
        // this guards against took 1.6-2.0 s.
        Assert.True(took < TimeSpan.FromSeconds(1.5), $"the refusal took {took.TotalMilliseconds} ms");
        Assert.Empty(a.Upstream.Received);
    }

    private static async Task SendColdSessionAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tickets/api/v2/tickets/1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "lk_" + new string('A', 43));
        using var refused = await client.SendAsync(request);
        await ErrorAssert.IsErrorAsync(refused, 503, "store_unavailable");
    }

    private static HttpRequestMessage CreateSession(TestJwt jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { agent_id = "bot", scopes = new[] { "tickets.read" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt.Issue("acme", "alice"));
        return request;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not recovered within {limit.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
