using System.Text.Json;
using Latchkey.Approvals;
using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Approvals in Redis: a hash (<c>doc</c> JSON + <c>status</c>) under the tenant's hash tag, a
/// per-tenant sorted set by expiry time and a per-binding one (session + fingerprint, for
/// <see cref="ListBoundAsync"/>), both trimmed and expiring with the records they list. Decisions are compare-and-set on the status in a Lua
/// script, so two humans (or two replays) on two instances cannot both win. Records are kept a
/// week past their expiry for the record; the audit trail in Seq is the long-term history.
/// </summary>
internal sealed class RedisApprovalStore : IApprovalStore
{
    private const string DocField = "doc";
    private const string StatusField = "status";
    private static readonly TimeSpan Retention = IApprovalStore.RetentionAfterExpiry;

    private static readonly LuaScript CompareAndSetScript = LuaScript.Prepare(
        "if redis.call('HGET', @key, 'status') == @expected then " +
        "redis.call('HSET', @key, 'doc', @doc, 'status', @status) return 1 else return 0 end");

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisApprovalStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public Task CreateAsync(ApprovalRecord approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        var key = RedisKeys.Approval(approval.Tenant, approval.Id);
        var index = RedisKeys.TenantApprovals(approval.Tenant);
        var bound = RedisKeys.BoundApprovals(approval.Tenant, approval.SessionId, approval.Fingerprint);
        var now = _time.GetUtcNow();
        var ttl = RedisTtl.Until(approval.ExpiresAt, now, Retention);
        return _redis.RunAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(key));
            _ = transaction.HashSetAsync(key, [new(DocField, Serialize(approval)), new(StatusField, approval.Status.ToString())]);
            _ = transaction.KeyExpireAsync(key, ttl);

            // Each index is scored by expiry and kept as long as its records: entries whose record has
            // gone are trimmed on every create, and the key itself lives as long as its newest record
            // (NX gives a key its first expiry, GT only ever extends it).
            foreach (var key in new RedisKey[] { index, bound })
            {
                _ = transaction.SortedSetAddAsync(key, approval.Id, approval.ExpiresAt.ToUnixTimeMilliseconds());
                _ = transaction.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, RetainedSince(now));
                _ = transaction.KeyExpireAsync(key, ttl, ExpireWhen.HasNoExpiry);
                _ = transaction.KeyExpireAsync(key, ttl, ExpireWhen.GreaterThanCurrentExpiry);
            }

            if (!await transaction.ExecuteAsync())
            {
                throw await RedisTransactions.NotAppliedAsync(db, key, "approval id collision");
            }
        });
    }

    public Task<ApprovalRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken) =>
        _redis.RunAsync(db => ReadAsync(db, tenant, id));

    public async Task<IReadOnlyList<ApprovalRecord>> ListAsync(string tenant, string? userId, CancellationToken cancellationToken)
    {
        var records = await _redis.RunAsync(async db =>
        {
            var index = RedisKeys.TenantApprovals(tenant);
            var ids = await db.SortedSetRangeByScoreAsync(index, RetainedSince(_time.GetUtcNow()), double.PositiveInfinity, Exclude.Start, Order.Descending);
            var reads = ids.Select(async id =>
            {
                var record = await ReadAsync(db, tenant, id.ToString());
                if (record is null)
                {
                    // Expired out of Redis: drop it from the index too.
                    await db.SortedSetRemoveAsync(index, id);
                }

                return record;
            });
            return await Task.WhenAll(reads);
        });
        return
        [
            .. records.OfType<ApprovalRecord>()
                .Where(a => userId is null || string.Equals(a.UserId, userId, StringComparison.Ordinal))
                .OrderByDescending(a => a.CreatedAt),
        ];
    }

    public async Task<IReadOnlyList<ApprovalRecord>> ListBoundAsync(string tenant, string sessionId, string fingerprint, CancellationToken cancellationToken)
    {
        var records = await _redis.RunAsync(async db =>
        {
            // Only entries still within their lifetime (score = expiry): a binding has at most a few
            // (one per human decision), whatever the size of the tenant.
            var bound = RedisKeys.BoundApprovals(tenant, sessionId, fingerprint);
            var ids = await db.SortedSetRangeByScoreAsync(bound, _time.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start, Order.Descending);
            return await Task.WhenAll(ids.Select(id => ReadAsync(db, tenant, id.ToString())));
        });
        return
        [
            .. records.OfType<ApprovalRecord>()
                .Where(a => string.Equals(a.SessionId, sessionId, StringComparison.Ordinal)
                    && string.Equals(a.Fingerprint, fingerprint, StringComparison.Ordinal))
                .OrderByDescending(a => a.CreatedAt),
        ];
    }

    public async Task<bool> TryUpdateAsync(ApprovalRecord updated, ApprovalStatus expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(
            CompareAndSetScript,
            new
            {
                key = (RedisKey)RedisKeys.Approval(updated.Tenant, updated.Id),
                expected = expected.ToString(),
                doc = Serialize(updated),
                status = updated.Status.ToString(),
            }));
        return (long)result == 1;
    }

    /// <summary>The index score (expiry, in ms) at or below which a record is past its retention.</summary>
    private static double RetainedSince(DateTimeOffset now) => (now - Retention).ToUnixTimeMilliseconds();

    private static string Serialize(ApprovalRecord approval) =>
        JsonSerializer.Serialize(approval, RedisStoreJsonContext.Default.ApprovalRecord);

    private static async Task<ApprovalRecord?> ReadAsync(IDatabase db, string tenant, string id)
    {
        var doc = await db.HashGetAsync(RedisKeys.Approval(tenant, id), DocField);
        if (doc.IsNullOrEmpty)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize((string)doc!, RedisStoreJsonContext.Default.ApprovalRecord);
        return record is not null && string.Equals(record.Tenant, tenant, StringComparison.Ordinal) ? record : null;
    }
}
