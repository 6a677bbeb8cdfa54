using Latchkey.Config;
using Latchkey.Providers;

namespace Latchkey.Tests.Config;

public sealed class ConfigSnapshotSourceTests
{
    [Fact]
    public void Publish_swaps_the_snapshot_and_fires_only_the_tokens_issued_before_it()
    {
        using var source = new ConfigSnapshotSource(Snapshot("v1"), "/config");
        var token = source.GetChangeToken();
        var fired = 0;
        using var registration = token.RegisterChangeCallback(_ => fired++, null);

        source.Publish(Snapshot("v2"));
        var next = source.GetChangeToken();

        Assert.Equal("v2", source.Current.Version);
        Assert.True(token.HasChanged);
        Assert.Equal(1, fired);
        Assert.False(next.HasChanged);
    }

    [Fact]
    public void Callback_sees_the_new_snapshot()
    {
        using var source = new ConfigSnapshotSource(Snapshot("v1"), "/config");
        string? seen = null;
        using var registration = source.GetChangeToken().RegisterChangeCallback(_ => seen = source.Current.Version, null);

        source.Publish(Snapshot("v2"));

        Assert.Equal("v2", seen);
    }

    private static ConfigSnapshot Snapshot(string version) => new()
    {
        Providers = new Dictionary<string, ProviderDefinition>(StringComparer.Ordinal),
        Rules = [],
        Version = version,
    };
}
