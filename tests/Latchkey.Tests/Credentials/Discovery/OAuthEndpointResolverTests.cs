using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Providers;
using Latchkey.Tests.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials.Discovery;

/// <summary>The resolver caches discovered endpoints for a bounded time and never caches a failure.</summary>
public sealed class OAuthEndpointResolverTests : IDisposable
{
    private const string PathForm = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
    private const string ServerMetadata = "https://auth.example.com/.well-known/oauth-authorization-server/tenant";

    private readonly MetadataServer _server = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly OAuthEndpointResolver _resolver;

    public OAuthEndpointResolverTests() =>
        _resolver = TestEndpointResolvers.Over(_server, _time, logger: _logs.CreateLogger<OAuthEndpointResolver>());

    [Fact]
    public async Task Discovered_endpoints_are_reused_until_the_cache_lifetime_ends()
    {
        _server.Serve(PathForm, OAuthDiscoveryClientTests.ResourceMetadata()).Serve(ServerMetadata, OAuthDiscoveryClientTests.AuthorizationServer());
        var provider = OAuthDiscoveryClientTests.Provider();

        var first = (await _resolver.ResolveAsync(provider, CancellationToken.None)).Usable;
        _time.Advance(OAuthEndpointResolver.CacheLifetime - TimeSpan.FromSeconds(1));
        await _resolver.ResolveAsync(provider, CancellationToken.None);
        Assert.Equal(2, _server.Requested.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _resolver.ResolveAsync(provider, CancellationToken.None);

        Assert.Equal(4, _server.Requested.Count);
        Assert.Equal(new Uri("https://auth.example.com/tenant/token"), first!.TokenUrl);
        Assert.Equal("https://mcp.example.com/mcp", first.Resource);
        Assert.Equal(["latchkey-client"], [first.ClientId!.Resolve()!]);
    }

    [Fact]
    public async Task A_failure_is_not_cached_and_yields_no_settings()
    {
        var provider = OAuthDiscoveryClientTests.Provider();

        Assert.Equal(new OAuthResolution.Failed("oauth_discovery_failed"), await _resolver.ResolveAsync(provider, CancellationToken.None));

        _server.Serve(PathForm, OAuthDiscoveryClientTests.ResourceMetadata()).Serve(ServerMetadata, OAuthDiscoveryClientTests.AuthorizationServer());
        Assert.NotNull((await _resolver.ResolveAsync(provider, CancellationToken.None)).Usable);
    }

    [Fact]
    public async Task A_failure_is_logged_with_the_provider_and_a_fixed_reason_never_a_url_from_the_answer()
    {
        const string Planted = "https://attacker.example/PLANTED-resource";
        _server.Serve(PathForm, OAuthDiscoveryClientTests.ResourceMetadata(Planted));
        var provider = OAuthDiscoveryClientTests.Provider();

        await _resolver.ResolveAsync(provider, CancellationToken.None);

        var line = Assert.Single(_logs.Events, e => e.EventId.Id == 2401);
        Assert.Equal(("OAuthDiscoveryFailed", LogLevel.Error), (line.EventId.Name, line.Level));
        Assert.Contains(provider.Name, line.Message, StringComparison.Ordinal);
        Assert.Contains(OAuthDiscoveryFailures.ResourceMismatch, line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Events, e => e.Message.Contains("PLANTED", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Events, e => e.EventId.Id == 2402);
    }

    [Fact]
    public async Task Configured_endpoints_are_used_as_written_without_any_request()
    {
        var oauth = new OAuthSettings { AuthorizeUrl = new Uri("https://auth.example.com/a"), TokenUrl = new Uri("https://auth.example.com/t") };
        var provider = OAuthDiscoveryClientTests.Provider() with { OAuth = oauth };

        Assert.Same(oauth, (await _resolver.ResolveAsync(provider, CancellationToken.None)).Usable);
        Assert.Empty(_server.Requested);
    }

    public void Dispose() => _logs.Dispose();
}
