using System.Net;
using System.Text;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// Disconnecting revokes at the provider before deleting, deletes whatever the provider answers,
/// gives Slack's auth.revoke the access token and reads its 200 <c>{"ok": false}</c> as a failure.
/// </summary>
public sealed class ConnectionDisconnectorTests
{
    private static readonly ConnectionKey Key = new("t1", "alice", "mail");

    private readonly InMemoryConnectionStore _store = new();
    private readonly RevocationEndpoint _endpoint;
    private readonly TokenVault _vault;
    private readonly ConnectionDisconnector _disconnector;

    public ConnectionDisconnectorTests()
    {
        _vault = TestVaults.Create(_store);
        _endpoint = new RevocationEndpoint(_vault);
        _disconnector = new ConnectionDisconnector(
            _vault,
            new OAuthTokenClient(_endpoint, new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance), TestEndpointResolvers.Over(_endpoint), NullLogger<OAuthTokenClient>.Instance),
            NullLogger<ConnectionDisconnector>.Instance);
    }

    public static TheoryData<string, HttpStatusCode, string, RevocationOutcome> Answers() => new()
    {
        { "RFC 7009 empty 200", HttpStatusCode.OK, string.Empty, RevocationOutcome.Revoked },
        { "Slack ok true", HttpStatusCode.OK, """{"ok":true,"revoked":true}""", RevocationOutcome.Revoked },
        { "Slack ok false", HttpStatusCode.OK, """{"ok":false,"error":"invalid_auth"}""", RevocationOutcome.Failed },
        { "server error", HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""", RevocationOutcome.Failed },
        { "refused", HttpStatusCode.BadRequest, """{"error":"unsupported_token_type"}""", RevocationOutcome.Failed },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Revokes_before_deleting_and_deletes_whatever_the_provider_answers(string why, HttpStatusCode status, string body, RevocationOutcome expected)
    {
        await SeedAsync();
        _endpoint.Answer = (status, body);

        var result = await _disconnector.DisconnectAsync(Key, Provider(preset: null), CancellationToken.None);

        Assert.True(result.Deleted, why);
        Assert.Equal(expected, result.Revocation);
        Assert.Equal(("rt-1", "refresh_token"), (_endpoint.Token, _endpoint.Hint));
        Assert.True(_endpoint.StoredWhenRevoked, "revocation must come before the delete");
        Assert.Null(await _vault.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task Slack_preset_revokes_the_access_token()
    {
        await SeedAsync();
        _endpoint.Answer = (HttpStatusCode.OK, """{"ok":true,"revoked":true}""");

        var result = await _disconnector.DisconnectAsync(Key, Provider(preset: "slack"), CancellationToken.None);

        Assert.Equal(RevocationOutcome.Revoked, result.Revocation);
        Assert.Equal(("at-1", "access_token"), (_endpoint.Token, _endpoint.Hint));
        Assert.Equal(new Uri("https://slack.com/api/auth.revoke"), _endpoint.Url);
    }

    [Fact]
    public async Task Provider_without_a_revocation_endpoint_is_deleted_here_only()
    {
        await SeedAsync();

        var result = await _disconnector.DisconnectAsync(Key, Provider(preset: "github"), CancellationToken.None);

        Assert.Equal((true, RevocationOutcome.NotSupported), (result.Deleted, result.Revocation));
        Assert.Equal(0, _endpoint.Calls);
        Assert.Null(await _vault.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_sealed_under_a_lost_key_are_deleted_and_reported_as_not_revoked()
    {
        await TestVaults.Create(_store, protection: new EphemeralDataProtectionProvider()).StoreAsync(Key, Token(), CancellationToken.None);

        var result = await _disconnector.DisconnectAsync(Key, Provider(preset: null), CancellationToken.None);

        Assert.Equal((true, RevocationOutcome.Failed), (result.Deleted, result.Revocation));
        Assert.Equal(0, _endpoint.Calls);
    }

    [Fact]
    public async Task Missing_connection_is_not_found_and_revokes_nothing()
    {
        var result = await _disconnector.DisconnectAsync(Key, Provider(preset: null), CancellationToken.None);

        Assert.False(result.Deleted);
        Assert.Equal(0, _endpoint.Calls);
    }

    private static ProviderDefinition Provider(string? preset) => new()
    {
        Name = "mail",
        Preset = preset,
        Upstream = new Uri("https://mail.example.test"),
        OAuth = ProviderPresets.Apply(preset, new OAuthSettings
        {
            AuthorizeUrl = preset is null ? new Uri("https://idp.example.test/authorize") : null,
            TokenUrl = preset is null ? new Uri("https://idp.example.test/token") : null,
            RevokeUrl = preset is null ? new Uri("https://idp.example.test/revoke") : null,
            ClientId = SecretReference.Parse("client"),
        }),
    };

    private static UserToken Token() => new()
    {
        AccessToken = new SecretValue("at-1"),
        RefreshToken = new SecretValue("rt-1"),
        ConnectedAt = DateTimeOffset.UtcNow,
    };

    private Task SeedAsync() => _vault.StoreAsync(Key, Token(), CancellationToken.None);

    /// <summary>A revocation endpoint that records what it was sent and whether the connection still existed then.</summary>
    private sealed class RevocationEndpoint(ITokenVault vault) : HttpMessageHandler, IHttpClientFactory
    {
        public (HttpStatusCode Status, string Body) Answer { get; set; } = (HttpStatusCode.OK, string.Empty);

        public int Calls { get; private set; }

        public string? Token { get; private set; }

        public string? Hint { get; private set; }

        public Uri? Url { get; private set; }

        public bool StoredWhenRevoked { get; private set; }

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Url = request.RequestUri;
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
            (Token, Hint) = (form["token"].ToString(), form["token_type_hint"].ToString());
            StoredWhenRevoked = await vault.GetAsync(Key, cancellationToken) is not null;
            return new HttpResponseMessage(Answer.Status)
            {
                Content = new StringContent(Answer.Body, Encoding.UTF8, "application/json"),
            };
        }
    }
}
