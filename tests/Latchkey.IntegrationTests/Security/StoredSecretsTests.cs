using System.Text;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Security;

/// <summary>What the stores hold: provider tokens only encrypted, session tokens only hashed.</summary>
public sealed class StoredSecretsTests
{
    [Fact]
    public async Task Stores_never_hold_a_plaintext_provider_or_session_token()
    {
        const string AccessToken = "ya29.PLAINTEXT-ACCESS-TOKEN-4c1d";
        const string RefreshToken = "1//PLAINTEXT-REFRESH-TOKEN-9e2a";
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        await host.Factory.Services.GetRequiredService<ITokenVault>().StoreAsync(
            new ConnectionKey("acme", "alice", "mail"),
            new UserToken
            {
                AccessToken = new SecretValue(AccessToken),
                RefreshToken = new SecretValue(RefreshToken),
                ConnectedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);

        var connections = await host.Factory.Services.GetRequiredService<IConnectionStore>().ListAsync("acme", "alice", CancellationToken.None);
        var sessions = await host.Factory.Services.GetRequiredService<ISessionStore>().ListAsync("acme", null, CancellationToken.None);
        var stored = Encoding.UTF8.GetString(Assert.Single(connections).ProtectedTokens)
            + Convert.ToBase64String(connections[0].ProtectedTokens)
            + JsonSerializer.Serialize(connections)
            + JsonSerializer.Serialize(sessions);

        Assert.DoesNotContain(AccessToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(RefreshToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token["lk_".Length..], stored, StringComparison.Ordinal);

        // And the vault still reads them back for the data plane.
        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
        Assert.Equal(["Bearer " + AccessToken], Assert.Single(host.Upstream.Received).RequestMessage.Headers!["Authorization"].ToArray());
    }

    [Fact]
    public async Task A_token_record_moved_to_another_tenants_key_is_not_readable()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.acme-alice");
        var store = host.Factory.Services.GetRequiredService<IConnectionStore>();
        var record = Assert.Single(await store.ListAsync("acme", "alice", CancellationToken.None));
        await store.UpsertAsync(record with { Key = new ConnectionKey("evil", "alice", "mail") }, CancellationToken.None);
        var mallory = await host.CreateSessionAsync("evil", "alice", "bot", "email.read");

        using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", mallory.Token);

        await ErrorAssert.IsErrorAsync(response, 403, "connection_required");
        Assert.Empty(host.Upstream.Received);
    }
}
