using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// A token endpoint's answer is the provider's choice, not Latchkey's: a lifetime past the calendar,
/// a charset nobody knows or a body of any size is read safely or refused, never thrown.
/// </summary>
public sealed class HostileTokenAnswerTests
{
    private static readonly ProviderDefinition Graph = TestProviders.Graph;
    private static readonly ConnectionKey Key = new("t1", "alice", "graph");

    private readonly AnsweringTokenEndpoint _endpoint = new();
    private readonly TokenVault _vault;
    private readonly UserTokenRefresher _refresher;

    public HostileTokenAnswerTests()
    {
        _vault = TestVaults.Create(new InMemoryConnectionStore());
        _refresher = TestRefreshers.Create(_vault, TestRefreshers.TokenClient(_endpoint));
    }

    [Theory]
    [InlineData("300000000000")]
    [InlineData("9223372036854775807")]
    public async Task Huge_expires_in_is_capped_at_a_year(string expiresIn)
    {
        await SeedAsync();
        _endpoint.Body = $$"""{"access_token":"at-new","expires_in":{{expiresIn}}}""";

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.Equal("at-new", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
        var stored = await _vault.GetStoredAsync(Key, CancellationToken.None);
        Assert.InRange(stored!.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
    }

    [Fact]
    public async Task Unknown_charset_is_read_as_utf8_json()
    {
        await SeedAsync();
        _endpoint.ContentType = "application/json; charset=bogus";

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.Equal("at-new", Assert.IsType<CredentialResult.Issued>(result).Token.Reveal());
    }

    [Fact]
    public async Task Body_over_64_KB_is_refused_as_an_invalid_response_and_the_grant_is_kept()
    {
        await SeedAsync();
        _endpoint.Body = $$"""{"access_token":"{{new string('a', 70 * 1024)}}","expires_in":3600}""";

        var result = await _refresher.RefreshAsync(Key, Graph, [], force: false, CancellationToken.None);

        Assert.IsType<CredentialResult.Unavailable>(result);
        Assert.False((await _vault.GetStoredAsync(Key, CancellationToken.None))!.NeedsReauthorization);
    }

    private Task SeedAsync() =>
        _vault.StoreAsync(Key, new UserToken
        {
            AccessToken = new SecretValue("at-expired"),
            RefreshToken = new SecretValue("rt"),
            ExpiresAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1),
            ConnectedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
}
