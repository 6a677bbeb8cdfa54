using System.Net;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// Only a refused grant ends a user's connection: a client Latchkey cannot present (its id or
/// secret unreadable, or refused by the provider) is Latchkey's problem, answered 503 and kept.
/// </summary>
public sealed class RefreshRefusalTests
{
    private static readonly ProviderDefinition Graph = TestProviders.Graph;
    private static readonly ConnectionKey Key = new("t1", "alice", "graph");

    private readonly AnsweringTokenEndpoint _endpoint = new();
    private readonly SwitchableSecrets _secrets = new();
    private readonly TokenVault _vault;
    private readonly UserTokenRefresher _refresher;
    private readonly CredentialResolver _resolver;

    public RefreshRefusalTests()
    {
        _vault = TestVaults.Create(new InMemoryConnectionStore());
        _refresher = TestRefreshers.Create(_vault, TestRefreshers.TokenClient(_endpoint, _secrets));
        _resolver = new CredentialResolver(_vault, [], _refresher, NullLogger<CredentialResolver>.Instance);
    }

    [Fact]
    public async Task Unreadable_client_id_is_credential_unavailable_and_the_connection_works_once_it_is_readable()
    {
        await SeedAsync();
        _secrets.Readable = false;

        var during = await _resolver.ResolveAsync(Key, Graph, CredentialMode.User, CancellationToken.None);

        Assert.IsType<CredentialResult.Unavailable>(during);
        Assert.False((await _vault.GetStoredAsync(Key, CancellationToken.None))!.NeedsReauthorization);
        Assert.Equal(0, _endpoint.Calls);

        _secrets.Readable = true;
        var after = await _resolver.ResolveAsync(Key, Graph, CredentialMode.User, CancellationToken.None);

        Assert.Equal("at-new", Assert.IsType<CredentialResult.Issued>(after).Token.Reveal());
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"unauthorized_client"}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"unsupported_grant_type"}""")]
    [InlineData(HttpStatusCode.Unauthorized, "<html>Unauthorized</html>")]
    [InlineData(HttpStatusCode.OK, """{"token_type":"bearer"}""")]
    public async Task Refusal_that_is_not_about_the_grant_is_credential_unavailable_and_keeps_the_connection(HttpStatusCode status, string body)
    {
        await SeedAsync();
        (_endpoint.Status, _endpoint.Body) = (status, body);

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.IsType<CredentialResult.Unavailable>(result);
        Assert.False((await _vault.GetStoredAsync(Key, CancellationToken.None))!.NeedsReauthorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""")]
    [InlineData(HttpStatusCode.OK, """{"error":"bad_refresh_token"}""")]
    [InlineData(HttpStatusCode.OK, """{"ok":false,"error":"invalid_refresh_token"}""")]
    public async Task Refused_grant_needs_a_reconnect(HttpStatusCode status, string body)
    {
        await SeedAsync();
        (_endpoint.Status, _endpoint.Body) = (status, body);

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.IsType<CredentialResult.ConnectionRequired>(result);
        Assert.True((await _vault.GetStoredAsync(Key, CancellationToken.None))!.NeedsReauthorization);
    }

    private Task SeedAsync() =>
        _vault.StoreAsync(Key, new UserToken
        {
            AccessToken = new SecretValue("at-expired"),
            RefreshToken = new SecretValue("rt"),
            ExpiresAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1),
            ConnectedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

    /// <summary>Secrets that can be made unreadable, as during a Key Vault outage.</summary>
    private sealed class SwitchableSecrets : ISecretResolver
    {
        public bool Readable { get; set; } = true;

        public ValueTask<string?> ResolveAsync(SecretReference reference, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Readable ? "client" : null);
    }
}
