using Latchkey.Credentials.OAuth.Registration;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Registered clients in Redis: one key per provider holding the ciphertext, written with SET NX
/// when none exists and replaced by a compare-and-set script, so two instances registering at
/// once store one client and both use it. Keys do not expire: the client is durable state.
/// </summary>
internal sealed class RedisRegisteredClientStore : IRegisteredClientStore
{
    private static readonly LuaScript ReplaceScript = LuaScript.Prepare(
        "if redis.call('GET', @key) == @expected then redis.call('SET', @key, @value) return 1 else return 0 end");

    private readonly RedisConnection _redis;

    public RedisRegisteredClientStore(RedisConnection redis) => _redis = redis;

    public async ValueTask<byte[]?> GetAsync(string provider, CancellationToken cancellationToken)
    {
        var value = await _redis.RunAsync(db => db.StringGetAsync(RedisKeys.RegisteredClient(provider)));
        return value.IsNull ? null : (byte[]?)value;
    }

    public async Task<bool> TryReplaceAsync(string provider, byte[]? expected, byte[] value, CancellationToken cancellationToken)
    {
        RedisKey key = RedisKeys.RegisteredClient(provider);
        if (expected is null)
        {
            return await _redis.RunAsync(db => db.StringSetAsync(key, value, when: When.NotExists));
        }

        var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(ReplaceScript, new { key, expected, value }));
        return (long)result == 1;
    }
}
