using System.Text.Json;
using Latchkey.Sessions;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Sessions in Redis. The record is a hash (<c>doc</c> JSON + <c>revokedAt</c>) under the
/// tenant's hash tag, listed by a per-tenant sorted set scored by expiry; the data plane finds it
/// through a token-hash pointer. Keys expire with the session, so Redis holds no dead sessions.
/// </summary>
internal sealed class RedisSessionStore : ISessionStore
{
    private const string DocField = "doc";
    private const string RevokedField = "revokedAt";

    // Sets revokedAt only on an existing, not yet revoked session; 1 when this call revoked it.
    private static readonly LuaScript RevokeScript = LuaScript.Prepare(
        "if redis.call('EXISTS', @key) == 1 then return redis.call('HSETNX', @key, 'revokedAt', @at) else return 0 end");

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisSessionStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = _time.GetUtcNow();
        var ttl = RedisTtl.Until(session.ExpiresAt, now);
        var recordKey = RedisKeys.Session(session.Tenant, session.Id);
        var pointer = RedisPointer.Format(session.Tenant, session.Id);
        return _redis.RunAsync(async db =>
        {
            // The record and the tenant index share a slot and are written in one transaction;
            // the pointer is written last, so a token never resolves to a half-written session.
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(recordKey));
            _ = transaction.HashSetAsync(recordKey, DocField, JsonSerializer.Serialize(StoredSession.From(session), RedisStoreJsonContext.Default.StoredSession));
            _ = transaction.KeyExpireAsync(recordKey, ttl);
            _ = transaction.SortedSetAddAsync(RedisKeys.TenantSessions(session.Tenant), session.Id, session.ExpiresAt.ToUnixTimeMilliseconds());
            _ = transaction.SortedSetRemoveRangeByScoreAsync(RedisKeys.TenantSessions(session.Tenant), double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop);
            if (!await transaction.ExecuteAsync())
            {
                throw await RedisTransactions.NotAppliedAsync(db, recordKey, "A session with this id already exists.");
            }

            bool pointed;
            try
            {
                pointed = await db.StringSetAsync(RedisKeys.SessionToken(session.TokenHash), pointer, ttl, When.NotExists);
            }
            catch (RedisException)
            {
                // The caller is told the create failed: do not leave a listed session no token reaches.
                await RemoveRecordAsync(db, session);
                throw;
            }

            if (!pointed)
            {
                await RemoveRecordAsync(db, session);
                throw new InvalidOperationException("A session with this token hash already exists.");
            }
        });
    }

    public async ValueTask<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var record = await _redis.RunAsync(async db =>
        {
            var pointer = await db.StringGetAsync(RedisKeys.SessionToken(tokenHash));
            if (!RedisPointer.TryParse(pointer, out var tenant, out var id))
            {
                return null;
            }

            return await ReadAsync(db, tenant, id);
        });

        // The pointer is only trusted if the record it names is the one for this token.
        return record is not null && string.Equals(record.TokenHash, tokenHash, StringComparison.Ordinal) && !IsExpired(record)
            ? record
            : null;
    }

    public async Task<SessionRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var record = await _redis.RunAsync(db => ReadAsync(db, tenant, id));
        return record is not null && !IsExpired(record) ? record : null;
    }

    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var records = await _redis.RunAsync(async db =>
        {
            var ids = await db.SortedSetRangeByScoreAsync(RedisKeys.TenantSessions(tenant), now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
            var reads = ids.Select(id => ReadAsync(db, tenant, id.ToString())).ToArray();
            return await Task.WhenAll(reads);
        });
        return
        [
            .. records.Where(r => r is not null
                && string.Equals(r.Tenant, tenant, StringComparison.Ordinal)
                && (userId is null || string.Equals(r.UserId, userId, StringComparison.Ordinal))
                && !IsExpired(r))!,
        ];
    }

    public async Task<bool> RevokeAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenant, id, cancellationToken);
        if (current is null)
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = await _redis.RunAsync(async db =>
        {
            // Remembered first: should the revocation itself then fail, the caller is told so and
            // retries, and the session is at worst refused early, never served late.
            var remembered = db.SortedSetAddAsync(RedisKeys.RevokedSessions, RedisPointer.Format(tenant, id), current.ExpiresAt.ToUnixTimeMilliseconds());
            var trimmed = db.SortedSetRemoveRangeByScoreAsync(RedisKeys.RevokedSessions, double.NegativeInfinity, now);
            await remembered;
            await trimmed;
            return await db.ScriptEvaluateAsync(
                RevokeScript,
                new { key = (RedisKey)RedisKeys.Session(tenant, id), at = at.ToUnixTimeMilliseconds() });
        });
        return (long)result == 1;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!_redis.IsConnected)
        {
            return false;
        }

        await _redis.RunAsync(db => db.PingAsync());
        return true;
    }

    private static async Task RemoveRecordAsync(IDatabase db, SessionRecord session)
    {
        try
        {
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(RedisKeys.Session(session.Tenant, session.Id));
            _ = transaction.SortedSetRemoveAsync(RedisKeys.TenantSessions(session.Tenant), session.Id);
            await transaction.ExecuteAsync();
        }
        catch (RedisException)
        {
            // Best effort: the record expires with the session anyway.
        }
    }

    private static async Task<SessionRecord?> ReadAsync(IDatabase db, string tenant, string id)
    {
        var fields = await db.HashGetAsync(RedisKeys.Session(tenant, id), [DocField, RevokedField]);
        if (fields[0].IsNull)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize((string)fields[0]!, RedisStoreJsonContext.Default.StoredSession);
        if (stored is null || !string.Equals(stored.Tenant, tenant, StringComparison.Ordinal))
        {
            return null;
        }

        DateTimeOffset? revokedAt = fields[1].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)fields[1]);
        return stored.ToRecord(revokedAt);
    }

    private bool IsExpired(SessionRecord record) => _time.GetUtcNow() >= record.ExpiresAt;
}
