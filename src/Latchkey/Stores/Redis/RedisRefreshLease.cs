using Latchkey.Credentials;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// A Redis lease per connection (SET NX PX with a random owner value), renewed while the refresh
/// runs so a slow token endpoint cannot let a second instance in, and released only by its owner.
/// If the holder dies, the lease lapses after <see cref="Lifetime"/> and another instance proceeds.
/// </summary>
internal sealed partial class RedisRefreshLease : IRefreshLease
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private static readonly LuaScript RenewScript = LuaScript.Prepare(
        "if redis.call('GET', @key) == @owner then return redis.call('PEXPIRE', @key, @ms) else return 0 end");

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare(
        "if redis.call('GET', @key) == @owner then return redis.call('DEL', @key) else return 0 end");

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisRefreshLease> _logger;

    public RedisRefreshLease(RedisConnection redis, TimeProvider time, ILogger<RedisRefreshLease> logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var leaseKey = RedisKeys.RefreshLease(key.Tenant, key.UserId, key.Provider);
        var owner = Guid.NewGuid().ToString("N");
        var acquired = await _redis.RunAsync(db => db.StringSetAsync(leaseKey, owner, Lifetime, When.NotExists));
        return acquired ? new Lease(this, leaseKey, owner) : null;
    }

    private async Task RenewAsync(string leaseKey, string owner)
    {
        try
        {
            var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(
                RenewScript, new { key = (RedisKey)leaseKey, owner, ms = (long)Lifetime.TotalMilliseconds }));
            if ((long)result != 1)
            {
                Log.LeaseLost(_logger);
            }
        }
        catch (StoreUnavailableException)
        {
            Log.LeaseLost(_logger);
        }
    }

    private async Task ReleaseAsync(string leaseKey, string owner)
    {
        try
        {
            await _redis.RunAsync(db => db.ScriptEvaluateAsync(ReleaseScript, new { key = (RedisKey)leaseKey, owner }));
        }
        catch (StoreUnavailableException)
        {
            // It lapses on its own after its lifetime.
        }
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly RedisRefreshLease _owner;
        private readonly string _leaseKey;
        private readonly string _value;
        private readonly ITimer _renewal;

        public Lease(RedisRefreshLease owner, string leaseKey, string value)
        {
            _owner = owner;
            _leaseKey = leaseKey;
            _value = value;
            _renewal = owner._time.CreateTimer(_ => _ = owner.RenewAsync(leaseKey, value), null, RenewEvery, RenewEvery);
        }

        public async ValueTask DisposeAsync()
        {
            await _renewal.DisposeAsync();
            await _owner.ReleaseAsync(_leaseKey, _value);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2020, EventName = "RefreshLeaseLost", Level = LogLevel.Warning,
            Message = "A token refresh outlived its Redis lease or could not renew it; another instance may refresh too")]
        public static partial void LeaseLost(ILogger logger);
    }
}
