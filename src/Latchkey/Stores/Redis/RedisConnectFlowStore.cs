using System.Text.Json;
using Latchkey.Credentials;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Connect flows in Redis under the tenant's hash tag, kept 10 minutes past their expiry for the
/// long poll; the link-hash and state-hash pointers expire with the flow and are claimed with
/// GETDEL, so exactly one browser and one callback on any instance can use them.
/// </summary>
internal sealed class RedisConnectFlowStore : IConnectFlowStore
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisConnectFlowStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public Task AddAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var now = _time.GetUtcNow();
        var json = JsonSerializer.Serialize(flow, RedisStoreJsonContext.Default.ConnectFlow);
        return _redis.RunAsync(async db =>
        {
            await db.StringSetAsync(RedisKeys.Flow(flow.Tenant, flow.Id), json, RedisTtl.Until(flow.ExpiresAt, now, Retention));
            await db.StringSetAsync(RedisKeys.FlowLink(flow.LinkHash), RedisPointer.Format(flow.Tenant, flow.Id), RedisTtl.Until(flow.ExpiresAt, now));
            if (flow.StateHash is { } state)
            {
                await db.StringSetAsync(RedisKeys.FlowState(state), RedisPointer.Format(flow.Tenant, flow.Id), RedisTtl.Until(flow.ExpiresAt, now));
            }
        });
    }

    public async ValueTask<ConnectFlow?> FindByLinkAsync(string linkHash, CancellationToken cancellationToken) =>
        await _redis.RunAsync(async db =>
        {
            var pointer = await db.StringGetAsync(RedisKeys.FlowLink(linkHash));
            return RedisPointer.TryParse(pointer, out var tenant, out var id) ? LinkedFlow(await db.StringGetAsync(RedisKeys.Flow(tenant, id)), tenant, id, linkHash) : null;
        });

    public async ValueTask<ConnectFlow?> ClaimLinkAsync(string linkHash, CancellationToken cancellationToken) =>
        await _redis.RunAsync(async db =>
        {
            var pointer = await db.StringGetDeleteAsync(RedisKeys.FlowLink(linkHash));
            return RedisPointer.TryParse(pointer, out var tenant, out var id) ? LinkedFlow(await db.StringGetAsync(RedisKeys.Flow(tenant, id)), tenant, id, linkHash) : null;
        });

    public Task BindAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(flow.StateHash);
        var now = _time.GetUtcNow();
        var json = JsonSerializer.Serialize(flow, RedisStoreJsonContext.Default.ConnectFlow);
        return _redis.RunAsync(async db =>
        {
            await db.StringSetAsync(RedisKeys.Flow(flow.Tenant, flow.Id), json, expiry: null, keepTtl: true);
            await db.StringSetAsync(RedisKeys.FlowState(flow.StateHash), RedisPointer.Format(flow.Tenant, flow.Id), RedisTtl.Until(flow.ExpiresAt, now));
        });
    }

    public async ValueTask<ConnectFlow?> GetAsync(string tenant, string flowId, CancellationToken cancellationToken)
    {
        var value = await _redis.RunAsync(db => db.StringGetAsync(RedisKeys.Flow(tenant, flowId)));
        return Parse(value, tenant, flowId);
    }

    public async ValueTask<ConnectFlow?> ConsumeStateAsync(string stateHash, CancellationToken cancellationToken)
    {
        return await _redis.RunAsync(async db =>
        {
            var pointer = await db.StringGetDeleteAsync(RedisKeys.FlowState(stateHash));
            if (!RedisPointer.TryParse(pointer, out var tenant, out var id))
            {
                return null;
            }

            var flow = Parse(await db.StringGetAsync(RedisKeys.Flow(tenant, id)), tenant, id);
            return flow is not null && string.Equals(flow.StateHash, stateHash, StringComparison.Ordinal) ? flow : null;
        });
    }

    public Task UpdateAsync(ConnectFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var json = JsonSerializer.Serialize(flow, RedisStoreJsonContext.Default.ConnectFlow);
        return _redis.RunAsync(db => db.StringSetAsync(RedisKeys.Flow(flow.Tenant, flow.Id), json, expiry: null, keepTtl: true));
    }

    private static ConnectFlow? LinkedFlow(RedisValue value, string tenant, string id, string linkHash) =>
        Parse(value, tenant, id) is { } flow && string.Equals(flow.LinkHash, linkHash, StringComparison.Ordinal) ? flow : null;

    private static ConnectFlow? Parse(RedisValue value, string tenant, string id)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var flow = JsonSerializer.Deserialize((string)value!, RedisStoreJsonContext.Default.ConnectFlow);
        return flow is not null && string.Equals(flow.Tenant, tenant, StringComparison.Ordinal) && string.Equals(flow.Id, id, StringComparison.Ordinal)
            ? flow
            : null;
    }
}
