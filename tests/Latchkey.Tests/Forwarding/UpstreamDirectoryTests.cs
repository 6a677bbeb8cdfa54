using Latchkey.Config;
using Latchkey.Forwarding;
using Latchkey.Providers;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Tests.Forwarding;

public sealed class UpstreamDirectoryTests
{
    [Theory]
    [InlineData("https://gmail.googleapis.com", "https://gmail.googleapis.com")]
    [InlineData("https://gmail.googleapis.com/", "https://gmail.googleapis.com")]
    [InlineData("https://api.example.com/base/", "https://api.example.com/base")]
    [InlineData("http://127.0.0.1:8081/v2", "http://127.0.0.1:8081/v2")]
    public void Destination_prefix_is_the_upstream_without_a_trailing_slash(string upstream, string expected)
    {
        using var directory = new UpstreamDirectory(new CountingClientFactory());
        var config = Snapshot("v1", ("mail", upstream));

        var target = directory.For(config.Providers["mail"]);

        Assert.Equal(expected, target.DestinationPrefix);
    }

    [Fact]
    public void Upstream_comes_from_the_provider_of_the_snapshot_asked_about_not_an_older_one()
    {
        using var directory = new UpstreamDirectory(new CountingClientFactory());
        var before = Snapshot("v1", ("mail", "https://old.example.com"));
        var after = Snapshot("v2", ("mail", "https://new.example.com"));

        Assert.Equal("https://old.example.com", directory.For(before.Providers["mail"]).DestinationPrefix);
        Assert.Equal("https://new.example.com", directory.For(after.Providers["mail"]).DestinationPrefix);
    }

    [Fact]
    public void Each_provider_keeps_one_client_across_reloads_and_providers_never_share_one()
    {
        var factory = new CountingClientFactory();
        using var directory = new UpstreamDirectory(factory);
        var first = Snapshot("v1", ("mail", "https://a.example.com"), ("crm", "https://b.example.com"));
        var second = Snapshot("v2", ("mail", "https://moved.example.com"), ("crm", "https://b.example.com"));

        var mailBefore = directory.For(first.Providers["mail"]).Client;
        var crm = directory.For(first.Providers["crm"]).Client;
        var mailAfter = directory.For(second.Providers["mail"]).Client;

        Assert.Same(mailBefore, mailAfter);
        Assert.NotSame(mailBefore, crm);
        Assert.Equal(2, factory.Created);
    }

    [Fact]
    public void Clients_are_built_per_provider_and_ignore_any_environment_proxy()
    {
        var factory = new CountingClientFactory();
        using var directory = new UpstreamDirectory(factory);
        var config = Snapshot("v1", ("mail", "https://a.example.com"));

        directory.For(config.Providers["mail"]);

        var settings = Assert.Single(factory.Contexts).NewConfig;
        Assert.Null(settings.WebProxy);
        Assert.Equal("provider-mail", factory.Contexts[0].ClusterId);
    }

    private static ConfigSnapshot Snapshot(string version, params (string Name, string Upstream)[] providers) => new()
    {
        Providers = providers.ToDictionary(
            p => p.Name,
            p => new ProviderDefinition { Name = p.Name, Upstream = new Uri(p.Upstream) },
            StringComparer.Ordinal),
        Rules = [],
        Version = version,
    };

    /// <summary>YARP's real factory (so the settings it applies are the ones tested), counting what it was asked for.</summary>
    private sealed class CountingClientFactory : IForwarderHttpClientFactory
    {
        private readonly ForwarderHttpClientFactory _inner = new();

        public List<ForwarderHttpClientContext> Contexts { get; } = [];

        public int Created => Contexts.Count;

        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
        {
            Contexts.Add(context);
            return _inner.CreateClient(context);
        }
    }
}
