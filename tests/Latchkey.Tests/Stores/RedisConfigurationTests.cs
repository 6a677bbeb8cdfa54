using Latchkey.Stores.Redis;
using StackExchange.Redis;

namespace Latchkey.Tests.Stores;

/// <summary>
/// Latchkey's fail-fast Redis defaults (docs/operations.md): 1 s timeouts and a 5 s keep-alive
/// unless the operator's string sets that very option, and never a backlog or an abort on start.
/// </summary>
public sealed class RedisConfigurationTests
{
    [Fact]
    public void Defaults_fail_fast_when_the_string_names_only_endpoints()
    {
        var options = RedisConfiguration.Build("127.0.0.1:6379");

        Assert.Equal(
            (1000, 1000, 1000, 5, false, BacklogPolicy.FailFast),
            (options.ConnectTimeout, options.SyncTimeout, options.AsyncTimeout, options.KeepAlive, options.AbortOnConnectFail, options.BacklogPolicy));
    }

    [Fact]
    public void An_explicit_async_timeout_leaves_the_sync_default_in_place()
    {
        var options = RedisConfiguration.Build("127.0.0.1:6379,asyncTimeout=3000");

        Assert.Equal((1000, 3000), (options.SyncTimeout, options.AsyncTimeout));
    }

    [Theory]
    [InlineData("127.0.0.1:6379,syncTimeout=4000,connectTimeout=2000,keepAlive=30")]
    [InlineData("127.0.0.1:6379, SYNCTIMEOUT = 4000 ,ConnectTimeout=2000,KEEPALIVE=30")]
    public void Options_the_operator_sets_take_precedence(string configuration)
    {
        var options = RedisConfiguration.Build(configuration);

        Assert.Equal((4000, 2000, 30, 1000), (options.SyncTimeout, options.ConnectTimeout, options.KeepAlive, options.AsyncTimeout));
    }

    [Fact]
    public void An_option_named_inside_another_value_is_not_taken_as_set()
    {
        var options = RedisConfiguration.Build("127.0.0.1:6379,name=syncTimeout=9");

        Assert.Equal(1000, options.SyncTimeout);
    }
}
