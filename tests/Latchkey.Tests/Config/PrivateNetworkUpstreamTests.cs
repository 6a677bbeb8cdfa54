using Latchkey.Config;

namespace Latchkey.Tests.Config;

/// <summary>providers.yaml refuses upstreams inside the network unless the provider opts in.</summary>
public sealed class PrivateNetworkUpstreamTests
{
    public static TheoryData<string, string> PrivateUpstreams => new()
    {
        { "http://169.254.169.254/latest/meta-data", "cloud metadata" },
        { "http://[fd00:ec2::254]", "cloud metadata" },
        { "http://metadata.google.internal", "cloud metadata" },
        { "http://127.0.0.1:8080", "loopback" },
        { "http://127.9.8.7", "loopback" },
        { "http://2130706433", "loopback" },
        { "http://0x7f.1", "loopback" },
        { "http://[::1]:9000", "loopback" },
        { "http://[::ffff:127.0.0.1]", "loopback" },
        { "http://localhost:5005", "loopback" },
        { "http://LOCALHOST.", "loopback" },
        { "http://api.localhost", "loopback" },
        { "http://169.254.10.1", "link-local" },
        { "http://[fe80::1]", "link-local" },
        { "http://0.0.0.0", "unspecified" },
        { "http://[::]", "unspecified" },
        { "https://10.1.2.3", "private" },
        { "https://172.16.0.1", "private" },
        { "https://172.31.255.255", "private" },
        { "https://192.168.1.1", "private" },
        { "https://100.64.0.1", "private (shared address space)" },
        { "https://[fd12:3456::1]", "private (unique local)" },
        { "https://[64:ff9b::a9fe:a9fe]", "cloud metadata" },
        { "https://224.0.0.1", "multicast or reserved" },
    };

    public static TheoryData<string> PublicUpstreams => new()
    {
        "https://gmail.googleapis.com",
        "https://8.8.8.8",
        "https://172.32.0.1",
        "https://169.255.0.1",
        "https://[2606:4700::1111]",
        "https://localhost.example.com",
    };

    [Theory]
    [MemberData(nameof(PrivateUpstreams))]
    public void Private_upstream_is_refused_with_line_and_fix(string upstream, string kind)
    {
        using var folder = new TempConfigFolder(Providers(upstream, allow: null));

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded, upstream);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("providers.yaml:4: providers.mail.upstream:", errors, StringComparison.Ordinal);
        Assert.Contains($"is a {kind} address", errors, StringComparison.Ordinal);
        Assert.Contains("allow_private_network: true", errors, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PrivateUpstreams))]
    public void Private_upstream_loads_when_the_provider_allows_it(string upstream, string kind)
    {
        using var folder = new TempConfigFolder(Providers(upstream, allow: "true"));

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, $"{upstream} ({kind}): {string.Join("\n", result.Errors)}");
        Assert.True(result.Snapshot!.Providers["mail"].AllowPrivateNetwork);
    }

    [Theory]
    [MemberData(nameof(PublicUpstreams))]
    public void Public_upstream_needs_no_opt_in(string upstream)
    {
        using var folder = new TempConfigFolder(Providers(upstream, allow: null));

        var result = ConfigLoader.Load(folder.Path);

        Assert.True(result.Succeeded, $"{upstream}: {string.Join("\n", result.Errors)}");
        Assert.False(result.Snapshot!.Providers["mail"].AllowPrivateNetwork);
    }

    [Fact]
    public void Explicit_false_still_refuses()
    {
        using var folder = new TempConfigFolder(Providers("http://127.0.0.1", allow: "false"));

        Assert.False(ConfigLoader.Load(folder.Path).Succeeded);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("[true]")]
    public void Non_boolean_opt_in_is_an_error(string value)
    {
        using var folder = new TempConfigFolder(Providers("http://127.0.0.1", allow: value));

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded);
        Assert.Contains("providers.mail.allow_private_network:", string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    private static string Providers(string upstream, string? allow) =>
        "providers:\n  mail:\n    credential: user\n    upstream: \"" + upstream + "\"\n"
        + (allow is null ? string.Empty : "    allow_private_network: " + allow + "\n");
}
