using System.Net;
using System.Text;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Providers;
using Latchkey.Stores.InMemory;
using Latchkey.Tests.Config;
using Latchkey.Tests.Credentials.Discovery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials.Registration;

/// <summary>
/// One registered client per provider for the deployment: registered on first need, kept encrypted
/// in the store every instance shares, reused until its secret expires, and never two in use at once.
/// </summary>
public sealed class RegisteredClientSourceTests
{
    private const string Endpoint = "https://auth.example.com/tenant/register";
    private const string Secret = "dyn-secret-4be2";

    private readonly MetadataServer _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRegisteredClientStore _store = new();

    // Every instance of one deployment shares its key ring, as through Redis.
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    [Fact]
    public async Task First_need_registers_once_and_another_instance_reuses_the_stored_client()
    {
        ServeRegistration("dyn-1");

        var first = await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);
        var second = await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);

        Assert.Single(_server.Posted);
        Assert.Equal("dyn-1", Client(first).ClientId);
        Assert.Equal(("dyn-1", Secret), (Client(second).ClientId, Client(second).ClientSecret!.Reveal()));
    }

    [Fact]
    public async Task Stored_client_is_ciphertext_that_names_neither_its_secret_nor_its_id()
    {
        ServeRegistration("dyn-visible-id");

        await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);

        var stored = Encoding.Latin1.GetString((await _store.GetAsync("remote", CancellationToken.None))!);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("dyn-visible-id", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_whose_secret_expires_within_a_connect_flow_is_replaced_by_a_new_registration()
    {
        ServeRegistration("dyn-1", expiresAt: _time.GetUtcNow().AddHours(1));
        await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1) - RegisteredClientSource.ExpiryMargin - TimeSpan.FromSeconds(1));
        Assert.Equal("dyn-1", Client(await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None)).ClientId);
        Assert.Single(_server.Posted);

        ServeRegistration("dyn-2");
        _time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);

        Assert.Equal("dyn-2", Client(renewed).ClientId);
        Assert.Equal(2, _server.Posted.Count);
        Assert.Equal("dyn-2", Client(await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None)).ClientId);
    }

    [Fact]
    public async Task Client_of_another_registration_endpoint_is_not_used()
    {
        ServeRegistration("dyn-1");
        await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None);
        const string Moved = "https://auth.example.com/tenant/register-v2";
        _server.Serve(Moved, """{"client_id":"dyn-moved","token_endpoint_auth_method":"none"}""", HttpStatusCode.Created);

        var result = await Instance().GetAsync(Provider(), Endpoints() with { RegistrationUrl = new Uri(Moved) }, CancellationToken.None);

        Assert.Equal("dyn-moved", Client(result).ClientId);
    }

    [Fact]
    public async Task Instance_that_loses_the_race_uses_the_client_stored_first()
    {
        ServeRegistration("dyn-late");
        var winner = new RegisteredClient
        {
            ClientId = "dyn-first",
            AuthMethod = RegisteredClient.None,
            RegistrationEndpoint = Endpoint,
            RedirectUri = TestEndpointResolvers.PublicUrl + "/oauth/callback",
        };

        // Another instance stores its client between this one's read and its write.
        var racing = new RacingStore(_store, () => new RegisteredClientVault(_store, _keyRing).TryStoreAsync("remote", null, winner, CancellationToken.None));
        using var logs = new ListLoggerProvider();
        var loser = TestEndpointResolvers.RegisteredClients(_server, _time, racing, _keyRing, logs.CreateLogger<RegisteredClientSource>());
        var result = await loser.GetAsync(Provider(), Endpoints(), CancellationToken.None);

        Assert.Equal("dyn-first", Client(result).ClientId);
        Assert.Equal("dyn-first", Client(await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None)).ClientId);

        // The loser says so (2413, as mcp.md says), never that it registered, and names no client.
        var line = Assert.Single(logs.Events, e => e.EventId.Id == 2413);
        Assert.Equal(("OAuthClientRegistrationSuperseded", LogLevel.Information), (line.EventId.Name, line.Level));
        Assert.Contains("remote", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Events, e => e.EventId.Id == 2411);
        Assert.DoesNotContain(logs.Events, e => e.Message.Contains("dyn-", StringComparison.Ordinal) || e.Message.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_without_a_registration_endpoint_is_a_failure_and_nothing_is_sent()
    {
        var result = await Instance().GetAsync(Provider(), Endpoints() with { RegistrationUrl = null }, CancellationToken.None);

        Assert.Equal(ClientRegistrationFailures.RegistrationUnsupported, Assert.IsType<ClientRegistrationResult.Failed>(result).Reason);
        Assert.Empty(_server.Requested);
    }

    [Theory]
    [InlineData("http://auth.example.com/register", true)]
    [InlineData("https://10.0.0.7/register", false)]
    [InlineData("https://169.254.169.254/register", false)]
    [InlineData("https://user@auth.example.com/register", true)]
    [InlineData("http://127.0.0.1:9/register", false)]
    public async Task Registration_endpoint_over_plain_http_or_inside_the_network_is_refused_without_a_request(string url, bool allowPrivateNetwork)
    {
        var result = await Instance().GetAsync(Provider(allowPrivateNetwork), Endpoints() with { RegistrationUrl = new Uri(url) }, CancellationToken.None);

        Assert.Equal(ClientRegistrationFailures.InsecureUrl, Assert.IsType<ClientRegistrationResult.Failed>(result).Reason);
        Assert.Empty(_server.Requested);
    }

    [Fact]
    public async Task Refused_registration_stores_nothing_and_is_tried_again_on_the_next_need()
    {
        _server.Serve(Endpoint, """{"error":"invalid_redirect_uri"}""", HttpStatusCode.BadRequest);
        Assert.IsType<ClientRegistrationResult.Failed>(await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None));
        Assert.Null(await _store.GetAsync("remote", CancellationToken.None));

        ServeRegistration("dyn-1");
        Assert.Equal("dyn-1", Client(await Instance().GetAsync(Provider(), Endpoints(), CancellationToken.None)).ClientId);
    }

    private RegisteredClientSource Instance() => TestEndpointResolvers.RegisteredClients(_server, _time, _store, _keyRing);

    private void ServeRegistration(string clientId, DateTimeOffset? expiresAt = null) =>
        _server.Serve(Endpoint, $$"""{"client_id":"{{clientId}}","client_secret":"{{Secret}}","client_secret_expires_at":{{expiresAt?.ToUnixTimeSeconds() ?? 0}}}""", HttpStatusCode.Created);

    private static ProviderDefinition Provider(bool allowPrivateNetwork = false) =>
        OAuthDiscoveryClientTests.Provider(allowPrivateNetwork: allowPrivateNetwork) with
        {
            OAuth = new OAuthSettings { Discovery = true, DynamicRegistration = true, Scopes = ["issues.read"] },
        };

    private static DiscoveredOAuthEndpoints Endpoints() =>
        new(new Uri("https://auth.example.com/tenant/authorize"), new Uri("https://auth.example.com/tenant/token"), null, "https://mcp.example.com/mcp")
        {
            RegistrationUrl = new Uri(Endpoint),
            TokenEndpointAuthMethods = ["client_secret_basic"],
        };

    private static RegisteredClient Client(ClientRegistrationResult result) => Assert.IsType<ClientRegistrationResult.Registered>(result).Client;

    /// <summary>A store in which another writer acts once, just before this instance's first write.</summary>
    private sealed class RacingStore(IRegisteredClientStore inner, Func<Task<bool>> otherWriter) : IRegisteredClientStore
    {
        private Func<Task<bool>>? _pending = otherWriter;

        public ValueTask<byte[]?> GetAsync(string provider, CancellationToken cancellationToken) => inner.GetAsync(provider, cancellationToken);

        public async Task<bool> TryReplaceAsync(string provider, byte[]? expected, byte[] value, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _pending, null) is { } write)
            {
                Assert.True(await write());
            }

            return await inner.TryReplaceAsync(provider, expected, value, cancellationToken);
        }
    }
}
