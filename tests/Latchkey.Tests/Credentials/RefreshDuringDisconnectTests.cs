using System.Net;
using System.Text;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// A refresh that is in flight when the user disconnects, or reconnects, must not write its
/// tokens back over what the user did meanwhile.
/// </summary>
public sealed class RefreshDuringDisconnectTests
{
    private static readonly ConnectionKey Key = new("t1", "alice", "mail");

    private static readonly ProviderDefinition Mail = new()
    {
        Name = "mail",
        Upstream = new Uri("https://mail.example.test"),
        OAuth = new OAuthSettings
        {
            AuthorizeUrl = new Uri("https://idp.example.test/authorize"),
            TokenUrl = new Uri("https://idp.example.test/token"),
            RevokeUrl = new Uri("https://idp.example.test/revoke"),
            ClientId = SecretReference.Parse("client"),
        },
    };

    private readonly InMemoryConnectionStore _store = new();
    private readonly GatedTokenEndpoint _endpoint = new();
    private readonly TokenVault _vault;
    private readonly UserTokenRefresher _refresher;
    private readonly ConnectionDisconnector _disconnector;
    private readonly CredentialResolver _resolver;

    public RefreshDuringDisconnectTests()
    {
        _vault = TestVaults.Create(_store);
        var tokenClient = TestRefreshers.TokenClient(_endpoint);
        _refresher = TestRefreshers.Create(_vault, tokenClient);
        _disconnector = new ConnectionDisconnector(_vault, tokenClient, NullLogger<ConnectionDisconnector>.Instance);
        _resolver = new CredentialResolver(_vault, [], _refresher, NullLogger<CredentialResolver>.Instance);
    }

    [Fact]
    public async Task Disconnect_during_a_refresh_leaves_no_connection_and_the_next_request_needs_one()
    {
        await SeedAsync("at-old", "rt-old");

        var refreshing = _refresher.RefreshAsync(Key, Mail, [], force: false, CancellationToken.None);
        await _endpoint.RefreshStarted.WaitAsync(TimeSpan.FromSeconds(10));
        var disconnected = await _disconnector.DisconnectAsync(Key, Mail, CancellationToken.None);
        _endpoint.Release.SetResult();
        var result = await refreshing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(disconnected.Deleted);
        Assert.IsType<CredentialResult.ConnectionRequired>(result);
        Assert.Empty(await _store.ListAllAsync(CancellationToken.None));
        Assert.IsType<CredentialResult.ConnectionRequired>(await _resolver.ResolveAsync(Key, Mail, CredentialMode.User, CancellationToken.None));

        // The tokens the provider issued after the user left are revoked too, not merely forgotten.
        Assert.Equal(["rt-old", "rt-rotated"], _endpoint.Revoked);
    }

    [Fact]
    public async Task Reconnect_during_a_refresh_is_kept_and_serves_the_request()
    {
        await SeedAsync("at-old", "rt-old");

        var refreshing = _refresher.RefreshAsync(Key, Mail, [], force: false, CancellationToken.None);
        await _endpoint.RefreshStarted.WaitAsync(TimeSpan.FromSeconds(10));
        await SeedAsync("at-reconnected", "rt-reconnected", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        _endpoint.Release.SetResult();
        var result = await refreshing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("at-reconnected", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
        var stored = await _vault.GetStoredAsync(Key, CancellationToken.None);
        Assert.Equal(("at-reconnected", "rt-reconnected"), (stored!.AccessToken.Reveal(), stored.RefreshToken!.Reveal()));

        // Revoking the old grant's new tokens could end the reconnected grant at some providers.
        Assert.Empty(_endpoint.Revoked);
    }

    [Fact]
    public async Task Reconnect_during_a_refused_refresh_is_not_marked_for_reauthorization()
    {
        _endpoint.RefuseGrant = true;
        await SeedAsync("at-old", "rt-old");

        var refreshing = _refresher.RefreshAsync(Key, Mail, [], force: false, CancellationToken.None);
        await _endpoint.RefreshStarted.WaitAsync(TimeSpan.FromSeconds(10));
        await SeedAsync("at-reconnected", "rt-reconnected", DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        _endpoint.Release.SetResult();
        await refreshing.WaitAsync(TimeSpan.FromSeconds(10));

        var stored = await _vault.GetStoredAsync(Key, CancellationToken.None);
        Assert.False(stored!.NeedsReauthorization);
        Assert.Equal("at-reconnected", stored.AccessToken.Reveal());
    }

    private Task SeedAsync(string accessToken, string refreshToken, DateTimeOffset? expiresAt = null) =>
        _vault.StoreAsync(Key, new UserToken
        {
            AccessToken = new SecretValue(accessToken),
            RefreshToken = new SecretValue(refreshToken),
            ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1),
            ConnectedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

    /// <summary>A token endpoint that holds the refresh until the test releases it, and records revocations.</summary>
    private sealed class GatedTokenEndpoint : HttpMessageHandler, IHttpClientFactory
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _revoked = [];

        public Task RefreshStarted => _started.Task;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool RefuseGrant { get; set; }

        public IReadOnlyList<string> Revoked
        {
            get
            {
                lock (_revoked)
                {
                    return [.. _revoked];
                }
            }
        }

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
            if (request.RequestUri!.AbsolutePath == "/revoke")
            {
                lock (_revoked)
                {
                    _revoked.Add(form["token"].ToString());
                }

                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            _started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return RefuseGrant
                ? Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""")
                : Json(HttpStatusCode.OK, """{"access_token":"at-rotated","refresh_token":"rt-rotated","expires_in":3600}""");
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
