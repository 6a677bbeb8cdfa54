using System.Security.Cryptography;
using Latchkey.Approvals;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Sessions;
using Latchkey.Stores.InMemory;
using Latchkey.Stores.Redis;
using Latchkey.Testing;
using Latchkey.Tests.DataPlane;
using Latchkey.Tests.Stores.Contracts;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Latchkey.Tests.Stores;

// The store contracts, run against every implementation: in memory (embedded mode), one
// redis-server, and a three-master Redis Cluster.
public sealed class InMemorySessionStoreContractTests : SessionStoreContract
{
    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider time) => Task.FromResult<ISessionStore>(new InMemorySessionStore(time));
}

public sealed class InMemoryConnectionStoreContractTests : ConnectionStoreContract
{
    protected override Task<IConnectionStore> CreateStoreAsync() => Task.FromResult<IConnectionStore>(new InMemoryConnectionStore());
}

public sealed class InMemoryConnectFlowStoreContractTests : ConnectFlowStoreContract
{
    protected override Task<IConnectFlowStore> CreateStoreAsync(TimeProvider time) => Task.FromResult<IConnectFlowStore>(new InMemoryConnectFlowStore(time));
}

public sealed class InMemoryApprovalStoreContractTests : ApprovalStoreContract
{
    [Fact]
    public async Task A_timer_drops_approvals_a_week_past_expiry_without_another_create()
    {
        await Store.CreateAsync(Approval("acme", "apr_1"), CancellationToken.None);

        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(1, ((InMemoryApprovalStore)Store).Count);
        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, ((InMemoryApprovalStore)Store).Count);
    }

    protected override Task<IApprovalStore> CreateStoreAsync(TimeProvider time) => Task.FromResult<IApprovalStore>(new InMemoryApprovalStore(time));
}

public sealed class InMemoryXmlRepositoryContractTests : XmlRepositoryContract
{
    protected override Task<IXmlRepository> CreateRepositoryAsync() => Task.FromResult<IXmlRepository>(new InMemoryXmlRepository());
}

/// <summary>The SessionStoreContract on a Redis target.</summary>
public abstract class RedisSessionStoreSuite(IRedisTarget target) : SessionStoreContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override bool InstancesShareState => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider time) => new RedisSessionStore(await _scope.ConnectAsync(), time);
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisSessionStoreContractTests(RedisServerFixture redis) : RedisSessionStoreSuite(redis);

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterSessionStoreContractTests(RedisClusterFixture cluster) : RedisSessionStoreSuite(cluster);

/// <summary>The ConnectionStoreContract on a Redis target.</summary>
public abstract class RedisConnectionStoreSuite(IRedisTarget target) : ConnectionStoreContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override bool InstancesShareState => true;

    protected override async Task<IConnectionStore> CreateStoreAsync() => new RedisConnectionStore(await _scope.ConnectAsync());
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisConnectionStoreContractTests(RedisServerFixture redis) : RedisConnectionStoreSuite(redis);

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterConnectionStoreContractTests(RedisClusterFixture cluster) : RedisConnectionStoreSuite(cluster);

/// <summary>The ConnectFlowStoreContract on a Redis target.</summary>
public abstract class RedisConnectFlowStoreSuite(IRedisTarget target) : ConnectFlowStoreContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override bool InstancesShareState => true;

    protected override async Task<IConnectFlowStore> CreateStoreAsync(TimeProvider time) => new RedisConnectFlowStore(await _scope.ConnectAsync(), time);
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisConnectFlowStoreContractTests(RedisServerFixture redis) : RedisConnectFlowStoreSuite(redis);

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterConnectFlowStoreContractTests(RedisClusterFixture cluster) : RedisConnectFlowStoreSuite(cluster);

/// <summary>The ApprovalStoreContract on a Redis target.</summary>
public abstract class RedisApprovalStoreSuite(IRedisTarget target) : ApprovalStoreContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override bool InstancesShareState => true;

    protected override async Task<IApprovalStore> CreateStoreAsync(TimeProvider time) => new RedisApprovalStore(await _scope.ConnectAsync(), time);

    [Fact]
    public async Task Tenant_index_drops_entries_a_week_past_expiry_and_expires_with_its_newest_approval()
    {
        var redis = await _scope.ConnectAsync();
        var index = RedisKeys.TenantApprovals("acme");
        await Store.CreateAsync(Approval("acme", "apr_old"), CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        await Store.CreateAsync(Approval("acme", "apr_new"), CancellationToken.None);

        Assert.Equal(1, await redis.RunAsync(db => db.SortedSetLengthAsync(index)));
        var ttl = await redis.RunAsync(db => db.KeyTimeToLiveAsync(index));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(7), TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
    }
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisApprovalStoreContractTests(RedisServerFixture redis) : RedisApprovalStoreSuite(redis)
{
    [Fact]
    public async Task A_held_tool_call_reads_only_its_own_approval_however_many_the_tenant_holds()
    {
        var others = Enumerable.Range(0, 10_000).Select(i => Approval("t1", "apr_b" + i, user: "bob") with { SessionId = "ses_b" }).ToList();
        foreach (var batch in others.Chunk(1_000))
        {
            await Task.WhenAll(batch.Select(a => Store.CreateAsync(a, CancellationToken.None)));
        }

        var service = new ApprovalService(Store, Time, Options.Create(new ApprovalOptions { Ttl = TimeSpan.FromMinutes(10) }),
            NullLogger<ApprovalService>.Instance, TestMetrics.Create());
        var toolCalls = new ToolCallApprovals(service);
        var body = "{\"title\":\"crash\"}"u8.ToArray();
        var call = new GatedRequest(StepContext.Session() with { Tenant = "t1", UserId = "alice" },
            new ApprovalSubject("github", "issues.create", "POST", "/repos/o/r/issues", string.Empty, "application/json", StringValues.Empty)
            {
                ToolCall = new ToolBinding("github_create_issue", "aa"),
            },
            new HeldBody(SHA256.HashData(body), body));
        var held = Assert.IsType<ApprovalResult.Held>(await toolCalls.ResolveAsync(call, null, CancellationToken.None));
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServers().Single();
        var before = await HashReadsAsync(server);

        var again = await toolCalls.ResolveAsync(call, null, CancellationToken.None);

        Assert.Equal(held.Approval.Id, Assert.IsType<ApprovalResult.Held>(again).Approval.Id);
        Assert.Equal(1, await HashReadsAsync(server) - before);
    }

    /// <summary>How many HGET commands the server has run (a record read is one HGET).</summary>
    private static async Task<long> HashReadsAsync(IServer server)
    {
        var stats = await server.InfoAsync("commandstats");
        var calls = stats.SelectMany(group => group).SingleOrDefault(p => p.Key == "cmdstat_hget").Value;
        return calls is null ? 0 : long.Parse(calls.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterApprovalStoreContractTests(RedisClusterFixture cluster) : RedisApprovalStoreSuite(cluster);

/// <summary>The XmlRepositoryContract on a Redis target.</summary>
public abstract class RedisXmlRepositorySuite(IRedisTarget target) : XmlRepositoryContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override async Task<IXmlRepository> CreateRepositoryAsync() => new RedisXmlRepository(await _scope.ConnectAsync());

    protected override async Task<IXmlRepository> CreatePeerRepositoryAsync() => new RedisXmlRepository(await _scope.ConnectAsync());
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisXmlRepositoryContractTests(RedisServerFixture redis) : RedisXmlRepositorySuite(redis);

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterXmlRepositoryContractTests(RedisClusterFixture cluster) : RedisXmlRepositorySuite(cluster);

/// <summary>
/// One test's view of a Redis target: emptied before the first store connects (a second store
/// in the same test is another replica on the same data), disconnected after.
/// </summary>
internal sealed class RedisStoreScope(IRedisTarget target)
{
    private readonly List<RedisConnection> _connections = [];

    public async Task<RedisConnection> ConnectAsync()
    {
        if (_connections.Count == 0)
        {
            await target.FlushAsync();
        }

        // The contracts test behaviour, not the one-second fail-fast budget (RedisUnavailableTests
        // does): on a loaded two-core machine a synchronous call (the Data Protection repository)
        // can wait over a second for a starved thread pool, which is not a contract failure.
        var connection = await RedisTestConnections.ConnectAsync(target.ConnectionString);
        _connections.Add(connection);
        return connection;
    }

    public Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        return Task.CompletedTask;
    }
}

public sealed class InMemoryRegisteredClientStoreContractTests : RegisteredClientStoreContract
{
    protected override Task<IRegisteredClientStore> CreateStoreAsync() => Task.FromResult<IRegisteredClientStore>(new InMemoryRegisteredClientStore());
}

/// <summary>The RegisteredClientStoreContract on a Redis target.</summary>
public abstract class RedisRegisteredClientStoreSuite(IRedisTarget target) : RegisteredClientStoreContract
{
    private readonly RedisStoreScope _scope = new(target);

    public override Task DisposeAsync() => _scope.DisposeAsync();

    protected override async Task<IRegisteredClientStore> CreateStoreAsync() => new RedisRegisteredClientStore(await _scope.ConnectAsync());
}

[Collection(RedisServerGroup.Name)]
public sealed class RedisRegisteredClientStoreContractTests(RedisServerFixture redis) : RedisRegisteredClientStoreSuite(redis);

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterRegisteredClientStoreContractTests(RedisClusterFixture cluster) : RedisRegisteredClientStoreSuite(cluster);
