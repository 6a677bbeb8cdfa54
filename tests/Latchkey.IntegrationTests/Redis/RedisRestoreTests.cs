using System.Net;
using System.Net.Http.Headers;
using Latchkey.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Latchkey.IntegrationTests.Redis;

/// <summary>
/// Redis restored from a snapshot taken before a revocation (or a failover to a replica that had
/// not received it): the revoked session comes back in Redis, and must stay refused by every
/// instance that saw the revocation.
/// </summary>
public sealed class RedisRestoreTests
{
    [Fact]
    public async Task Revoked_session_stays_revoked_on_every_instance_that_saw_it_after_Redis_is_restored_to_before_the_revocation()
    {
        await using var cluster = await RedisInstances.StartAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        await MultiInstanceTests.SeedTokenAsync(a, "at-alice", DateTimeOffset.UtcNow.AddHours(1));
        var session = await a.CreateSessionAsync("t1", "alice", "bot", "email.send");
        using (var warm = await MultiInstanceTests.SendAsync(b, session.Token))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await using var admin = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString + ",allowAdmin=true");
        var snapshot = await SnapshotAsync(admin);

        // A revokes; B hears of it over pub/sub; C starts afterwards (a rolling restart).
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{session.Id}"))
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", a.Jwt.Issue("t1", "alice"));
            using var revoked = await a.Client.SendAsync(revoke);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await WaitUntilRefusedAsync(b, session.Token);
        var c = cluster.StartInstance();

        await RestoreAsync(admin, snapshot);
        var record = await admin.GetDatabase().HashGetAllAsync($"lk:{{t:t1}}:session:{session.Id}");
        Assert.Contains(record, e => e.Name == "doc");
        Assert.DoesNotContain(record, e => e.Name == "revokedAt");

        var forwarded = a.Upstream.Received.Count + b.Upstream.Received.Count + c.Upstream.Received.Count;
        foreach (var instance in new[] { a, b, c })
        {
            using var after = await MultiInstanceTests.SendAsync(instance, session.Token);
            await ErrorAssert.IsErrorAsync(after, 401, "invalid_session");
        }

        Assert.Equal(forwarded, a.Upstream.Received.Count + b.Upstream.Received.Count + c.Upstream.Received.Count);
    }

    /// <summary>Every key with its value (DUMP) and remaining lifetime, as an RDB snapshot holds them.</summary>
    private static async Task<List<(RedisKey Key, byte[] Value, TimeSpan? Ttl)>> SnapshotAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var db = redis.GetDatabase();
        var snapshot = new List<(RedisKey, byte[], TimeSpan?)>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            var value = await db.KeyDumpAsync(key);
            snapshot.Add((key, value!, await db.KeyTimeToLiveAsync(key)));
        }

        Assert.NotEmpty(snapshot);
        return snapshot;
    }

    /// <summary>What restoring that snapshot does: everything written since is gone, the old keys are back.</summary>
    private static async Task RestoreAsync(ConnectionMultiplexer redis, List<(RedisKey Key, byte[] Value, TimeSpan? Ttl)> snapshot)
    {
        await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
        var db = redis.GetDatabase();
        foreach (var (key, value, ttl) in snapshot)
        {
            await db.KeyRestoreAsync(key, value, ttl);
        }
    }

    private static async Task WaitUntilRefusedAsync(LatchkeyTestHost host, string token)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            using var response = await MultiInstanceTests.SendAsync(host, token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the revocation never reached the instance");
            await Task.Delay(20);
        }
    }
}
