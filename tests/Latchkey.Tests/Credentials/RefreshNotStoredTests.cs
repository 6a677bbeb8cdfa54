using Latchkey.Credentials;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Latchkey.Tests.Config;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// A refresh that the provider answered while the store is down (operations.md, Redis outage):
/// the new token serves the request that asked for it, and the failed write is logged as
/// <c>UserTokenRefreshNotStored</c> (2014) without any token in the line.
/// </summary>
public sealed class RefreshNotStoredTests
{
    private static readonly ConnectionKey Key = new("t1", "alice", "graph");

    [Fact]
    public async Task Refreshed_token_that_cannot_be_stored_serves_the_request_and_is_logged_without_tokens()
    {
        var store = new ReplaceFails(new InMemoryConnectionStore());
        var vault = TestVaults.Create(store);
        await vault.StoreAsync(Key, new UserToken
        {
            AccessToken = new SecretValue("at-expired-7c1e"),
            RefreshToken = new SecretValue("rt-kept-93ab"),
            ExpiresAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1),
            ConnectedAt = DateTimeOffset.UtcNow - TimeSpan.FromHours(2),
        }, CancellationToken.None);
        using var logs = new ListLoggerProvider();
        var refresher = TestRefreshers.Create(vault, TestRefreshers.TokenClient(new CountingTokenEndpoint()), logger: logs.CreateLogger<UserTokenRefresher>());

        var result = await refresher.RefreshAsync(Key, TestProviders.Graph, [], force: false, CancellationToken.None);

        var issued = Assert.IsType<CredentialResult.Issued>(result);
        Assert.Equal("at-new-1", issued.Token.Reveal());
        var line = Assert.Single(logs.Events, e => e.EventId.Id == 2014);
        Assert.Equal(("UserTokenRefreshNotStored", LogLevel.Error), (line.EventId.Name, line.Level));
        Assert.Contains("graph", line.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "at-expired-7c1e", "rt-kept-93ab", "at-new-1" })
        {
            Assert.DoesNotContain(logs.Events, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>The store as during an outage that began after the connection was read.</summary>
    private sealed class ReplaceFails(IConnectionStore inner) : DelegatingConnectionStore(inner)
    {
        public override Task<bool> ReplaceAsync(ConnectionRecord replacement, byte[] expectedTokens, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("the store is down");
    }
}
