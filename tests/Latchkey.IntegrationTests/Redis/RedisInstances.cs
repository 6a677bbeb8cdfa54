using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Redis;

/// <summary>
/// Latchkey instances sharing one real redis-server and one OAuth provider (<c>mail</c>), each
/// with its own upstream recorder, audit buffer and JWT key — as separate deployments behind a
/// load balancer would be.
/// </summary>
public sealed class RedisInstances : IAsyncDisposable
{
    private readonly string _secretVariable;
    private readonly List<LatchkeyTestHost> _instances = [];
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private RedisInstances(RedisProcess redis, FakeOAuthServer oauth, string secretVariable, IReadOnlyDictionary<string, string?> settings)
    {
        Redis = redis;
        OAuth = oauth;
        _secretVariable = secretVariable;
        _settings = settings;
    }

    public RedisProcess Redis { get; }

    public FakeOAuthServer OAuth { get; }

    public IReadOnlyList<LatchkeyTestHost> Instances => _instances;

    /// <summary>
    /// Store calls get 5 s instead of the production 1 s (less the answer allowance): on a two-core
    /// runner shared by parallel test classes, a cold first call can miss 800 ms, and a test that
    /// is not about Redis latency must not fail its setup with <c>503 store_unavailable</c>.
    /// Tests that pin the deadline itself pass <c>productionDeadline: true</c>.
    /// </summary>
    public static string WithSetupTolerantDeadline(string connectionString) => connectionString + ",connectTimeout=5000,asyncTimeout=5000";

    public static async Task<RedisInstances> StartAsync(int count = 2, IReadOnlyDictionary<string, string?>? settings = null, bool productionDeadline = false)
    {
        var redis = await RedisProcess.StartAsync();
        var oauth = new FakeOAuthServer();
        var variable = "LATCHKEY_IT_OAUTH_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, oauth.ClientSecret);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Latchkey:Redis"] = productionDeadline ? redis.ConnectionString : WithSetupTolerantDeadline(redis.ConnectionString),
            ["Latchkey:PublicUrl"] = OAuthTestHost.PublicUrl,
        };
        var instances = new RedisInstances(redis, oauth, variable, all);
        for (var i = 0; i < count; i++)
        {
            instances.StartInstance();
        }

        return instances;
    }

    /// <summary>Starts one more instance on the same Redis (also: an instance coming back after a restart).</summary>
    public LatchkeyTestHost StartInstance()
    {
        var host = LatchkeyTestHost.Start(OAuthTestHost.ProvidersFor(OAuth, _secretVariable), OAuthTestHost.Rules, settings: _settings);
        _instances.Add(host);
        return host;
    }

    /// <summary>Stops an instance as a rolling restart would.</summary>
    public async Task StopInstanceAsync(LatchkeyTestHost host)
    {
        _instances.Remove(host);
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _instances)
        {
            await host.DisposeAsync();
        }

        OAuth.Dispose();
        await Redis.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }
}
