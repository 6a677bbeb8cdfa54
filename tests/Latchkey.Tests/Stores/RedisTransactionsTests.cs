using Latchkey.Stores;
using Latchkey.Stores.Redis;

namespace Latchkey.Tests.Stores;

[Collection(RedisServerGroup.Name)]
public sealed class RedisTransactionsTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Transaction_not_applied_on_an_absent_key_is_an_outage_the_client_may_retry()
    {
        using var connection = await RedisTestConnections.ConnectAsync(redis.ConnectionString);
        var key = "lk-test:absent:" + Guid.NewGuid().ToString("N");

        var failure = await RedisTransactions.NotAppliedAsync(connection.Database, key, "collision");

        Assert.IsType<StoreUnavailableException>(failure);
    }

    [Fact]
    public async Task Transaction_not_applied_because_the_key_exists_is_a_collision()
    {
        using var connection = await RedisTestConnections.ConnectAsync(redis.ConnectionString);
        var key = "lk-test:present:" + Guid.NewGuid().ToString("N");
        await connection.Database.StringSetAsync(key, "x", TimeSpan.FromMinutes(1));

        var failure = await RedisTransactions.NotAppliedAsync(connection.Database, key, "collision");

        Assert.Equal("collision", Assert.IsType<InvalidOperationException>(failure).Message);
    }
}
