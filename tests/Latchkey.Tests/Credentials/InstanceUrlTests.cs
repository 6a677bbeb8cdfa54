using System.Text.Json;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;

namespace Latchkey.Tests.Credentials;

public sealed class InstanceUrlTests
{
    [Theory]
    [InlineData("salesforce", "https://acme.my.salesforce.com", true)]
    [InlineData("salesforce", "https://acme--sandbox.sandbox.my.salesforce.com", true)]
    [InlineData("salesforce", "https://na1.salesforce.com", true)]
    [InlineData("salesforce", "http://acme.my.salesforce.com", false)]
    [InlineData("salesforce", "https://evil.example", false)]
    [InlineData("salesforce", "https://salesforce.com.evil.example", false)]
    [InlineData("salesforce", "https://acme.my.salesforce.com/services", false)]
    [InlineData("salesforce", "https://user@acme.my.salesforce.com", false)]
    [InlineData("google", "https://acme.my.salesforce.com", false)]
    [InlineData(null, "https://acme.my.salesforce.com", false)]
    public void Only_the_presets_own_hosts_can_replace_the_upstream(string? preset, string url, bool allowed)
    {
        var settings = ProviderPresets.Apply(preset, new OAuthSettings());

        Assert.Equal(allowed, settings!.VetInstanceUrl(new Uri(url)) is not null);
    }

    [Fact]
    public void Instance_hosts_come_from_the_parsed_settings_not_the_preset_name()
    {
        var providers = System.Text.Encoding.UTF8.GetBytes("""
            providers:
              crm:
                preset: salesforce
                upstream: https://login.salesforce.com
                oauth:
                  client_id: id
            """);

        var result = ConfigLoader.Parse(providers, "rules: []\n"u8.ToArray());

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var renamed = result.Snapshot.Providers["crm"] with { Preset = null };

        Assert.NotNull(renamed.OAuth!.VetInstanceUrl(new Uri("https://acme.my.salesforce.com")));
        Assert.Null(renamed.OAuth!.VetInstanceUrl(new Uri("https://evil.example")));
    }

    [Fact]
    public void Instance_url_is_read_from_the_token_response()
    {
        using var body = JsonDocument.Parse("{\"access_token\":\"a\",\"instance_url\":\"https://acme.my.salesforce.com\"}");
        var result = TokenResponseParser.Parse(body, success: true);

        var success = Assert.IsType<TokenEndpointResult.Success>(result);
        Assert.Equal(new Uri("https://acme.my.salesforce.com"), success.Tokens.InstanceUrl);
    }

    [Fact]
    public async Task Instance_url_survives_the_vault()
    {
        var vault = TestVaults.Create(new InMemoryConnectionStore());
        var key = new ConnectionKey("acme", "alice", "crm");
        await vault.StoreAsync(key, new UserToken
        {
            AccessToken = new SecretValue("a"),
            ConnectedAt = DateTimeOffset.UtcNow,
            InstanceUrl = new Uri("https://acme.my.salesforce.com"),
        }, default);

        Assert.Equal(new Uri("https://acme.my.salesforce.com"), (await vault.GetAsync(key, default))!.InstanceUrl);
    }
}
