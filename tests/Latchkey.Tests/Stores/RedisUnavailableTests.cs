using System.Collections.Frozen;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Latchkey.Credentials;
using Latchkey.Sessions;
using Latchkey.Stores;
using Latchkey.Stores.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Stores;

/// <summary>Every Redis store, pointed at a port where nothing listens, fails fast with <see cref="StoreUnavailableException"/>.</summary>
public sealed class RedisUnavailableTests(RedisUnavailableTests.DeadRedis dead) : IClassFixture<RedisUnavailableTests.DeadRedis>
{
    private readonly RedisConnection _redis = dead.Connection;

    public static TheoryData<string> Operations => ["session.find", "session.create", "session.revoke", "connection.get", "connection.upsert", "flow.consume", "approval.list", "keyring.read", "keyring.write", "lease"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_fails_fast_as_store_unavailable(string operation)
    {
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => RunAsync(operation));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"{operation} took {clock.ElapsedMilliseconds} ms to fail");
    }

    [Fact]
    public async Task Ping_reports_not_ready_instead_of_throwing()
    {
        Assert.False(await new RedisSessionStore(_redis, TimeProvider.System).PingAsync(CancellationToken.None));
    }

    private Task RunAsync(string operation)
    {
        var time = TimeProvider.System;
        var key = new ConnectionKey("acme", "alice", "mail");
        return operation switch
        {
            "session.find" => new RedisSessionStore(_redis, time).FindByTokenHashAsync("h", CancellationToken.None).AsTask(),
            "session.create" => new RedisSessionStore(_redis, time).CreateAsync(
                new SessionRecord
                {
                    Id = "ses_1",
                    TokenHash = "h",
                    Tenant = "acme",
                    UserId = "alice",
                    AgentId = "bot",
                    Scopes = FrozenSet<string>.Empty,
                    CreatedAt = time.GetUtcNow(),
                    ExpiresAt = time.GetUtcNow().AddHours(1),
                },
                CancellationToken.None),
            "session.revoke" => new RedisSessionStore(_redis, time).RevokeAsync("acme", "ses_1", time.GetUtcNow(), CancellationToken.None),
            "connection.get" => new RedisConnectionStore(_redis).GetAsync(key, CancellationToken.None).AsTask(),
            "connection.upsert" => new RedisConnectionStore(_redis).UpsertAsync(
                new ConnectionRecord { Key = key, ProtectedTokens = [1], ConnectedAt = time.GetUtcNow() }, CancellationToken.None),
            "flow.consume" => new RedisConnectFlowStore(_redis, time).ConsumeStateAsync("s", CancellationToken.None).AsTask(),
            "approval.list" => new RedisApprovalStore(_redis, time).ListAsync("acme", null, CancellationToken.None),
            "keyring.read" => Task.Run(() => new RedisXmlRepository(_redis).GetAllElements()),
            "keyring.write" => Task.Run(() => new RedisXmlRepository(_redis).StoreElement(new XElement("key"), "k")),
            "lease" => new RedisRefreshLease(_redis, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisRefreshLease>.Instance).TryAcquireAsync(key, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    /// <summary>One connection to a port where nothing listens, shared by the tests (connecting waits a second).</summary>
    public sealed class DeadRedis : IDisposable
    {
        public DeadRedis()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            Connection = new RedisConnection(new RedisStoreOptions($"127.0.0.1:{port}"), TimeProvider.System, NullLogger<RedisConnection>.Instance, Latchkey.Testing.TestMetrics.Create());
        }

        internal RedisConnection Connection { get; }

        public void Dispose() => Connection.Dispose();
    }
}
