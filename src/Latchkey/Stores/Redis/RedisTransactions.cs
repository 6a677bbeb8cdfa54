using StackExchange.Redis;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Tells apart the two reasons a create-if-absent transaction is not applied. Its key exists: a
/// real id collision, a bug worth a 500. Its key does not: Redis aborted the transaction (a
/// connection that dropped or a server that restarted between WATCH and EXEC), which is "not
/// now" like any other store outage, so the caller answers 503 and the client retries.
/// </summary>
internal static class RedisTransactions
{
    public static async Task<Exception> NotAppliedAsync(IDatabase db, RedisKey conditionKey, string collision) =>
        await db.KeyExistsAsync(conditionKey)
            ? new InvalidOperationException(collision)
            : new StoreUnavailableException("Redis did not apply the transaction; try again.");
}
