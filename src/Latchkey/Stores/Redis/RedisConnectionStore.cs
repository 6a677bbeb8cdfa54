using System.Text.Json;
using Latchkey.Credentials;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Users' connections in Redis: one JSON record per (tenant, user, provider) holding the
/// Data Protection ciphertext, never a clear token. Records do not expire — refresh tokens are
/// durable state (see docs/operations.md: persistence and <c>noeviction</c>).
/// </summary>
internal sealed class RedisConnectionStore : IConnectionStore
{
    // The stored record's ciphertext, as System.Text.Json writes a byte[] (base64), is the version compared.
    private static readonly LuaScript ReplaceScript = LuaScript.Prepare(
        "local current = redis.call('GET', @key) "
        + "if current and cjson.decode(current).ProtectedTokens == @expected then redis.call('SET', @key, @value) return 1 end "
        + "return 0");

    private readonly RedisConnection _redis;

    public RedisConnectionStore(RedisConnection redis) => _redis = redis;

    public async ValueTask<ConnectionRecord?> GetAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var value = await _redis.RunAsync(db => db.StringGetAsync(KeyOf(key)));
        return Parse(value, key);
    }

    public Task UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Key;
        var json = JsonSerializer.Serialize(record, RedisStoreJsonContext.Default.ConnectionRecord);
        return _redis.RunAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            _ = transaction.StringSetAsync(KeyOf(key), json);
            _ = transaction.SetAddAsync(RedisKeys.UserConnections(key.Tenant, key.UserId), key.Provider);
            await transaction.ExecuteAsync();

            // The global index lives in another slot: written after the record, and cleaned up
            // by ListAllAsync when it points at a record that is gone.
            await db.SetAddAsync(RedisKeys.ConnectionIndex, IndexMember(key));
        });
    }

    public async Task<bool> ReplaceAsync(ConnectionRecord replacement, byte[] expectedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(expectedTokens);
        RedisKey key = KeyOf(replacement.Key);
        var expected = Convert.ToBase64String(expectedTokens);
        var value = JsonSerializer.Serialize(replacement, RedisStoreJsonContext.Default.ConnectionRecord);

        // Only this key is written: the indexes already name a record that exists.
        var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(ReplaceScript, new { key, expected, value }));
        return (long)result == 1;
    }

    public Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken) =>
        _redis.RunAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            var deleted = transaction.KeyDeleteAsync(KeyOf(key));
            _ = transaction.SetRemoveAsync(RedisKeys.UserConnections(key.Tenant, key.UserId), key.Provider);
            await transaction.ExecuteAsync();
            await db.SetRemoveAsync(RedisKeys.ConnectionIndex, IndexMember(key));
            return await deleted;
        });

    public async Task<IReadOnlyList<ConnectionRecord>> ListAsync(string tenant, string userId, CancellationToken cancellationToken)
    {
        var records = await _redis.RunAsync(async db =>
        {
            var providers = await db.SetMembersAsync(RedisKeys.UserConnections(tenant, userId));
            var reads = providers.Select(async p =>
            {
                var key = new ConnectionKey(tenant, userId, p.ToString());
                return Parse(await db.StringGetAsync(KeyOf(key)), key);
            });
            return await Task.WhenAll(reads);
        });
        return [.. records.OfType<ConnectionRecord>().OrderBy(r => r.Key.Provider, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken)
    {
        var records = await _redis.RunAsync(async db =>
        {
            var members = await db.SetMembersAsync(RedisKeys.ConnectionIndex);
            var reads = members.Select(async member =>
            {
                if (!TryParseIndexMember(member, out var key))
                {
                    return null;
                }

                var record = Parse(await db.StringGetAsync(KeyOf(key)), key);
                if (record is null)
                {
                    await db.SetRemoveAsync(RedisKeys.ConnectionIndex, member);
                }

                return record;
            });
            return await Task.WhenAll(reads);
        });
        return [.. records.OfType<ConnectionRecord>()];
    }

    private static string KeyOf(ConnectionKey key) => RedisKeys.Connection(key.Tenant, key.UserId, key.Provider);

    private static ConnectionRecord? Parse(RedisValue value, ConnectionKey key)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize((string)value!, RedisStoreJsonContext.Default.ConnectionRecord);

        // A record copied under another tenant's or user's key is not theirs.
        return record is not null && record.Key == key ? record : null;
    }

    private static string IndexMember(ConnectionKey key) =>
        $"{RedisKeys.Part(key.Tenant)} {RedisKeys.Part(key.UserId)} {RedisKeys.Part(key.Provider)}";

    private static bool TryParseIndexMember(RedisValue member, out ConnectionKey key)
    {
        key = default;
        var parts = ((string?)member ?? string.Empty).Split(' ');
        if (parts.Length != 3)
        {
            return false;
        }

        key = new ConnectionKey(Unescape(parts[0]), Unescape(parts[1]), Unescape(parts[2]));
        return true;
    }

    private static string Unescape(string part) => Uri.UnescapeDataString(part);
}
