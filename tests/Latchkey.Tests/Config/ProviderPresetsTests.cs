using System.Text;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Testing;

namespace Latchkey.Tests.Config;

public sealed class ProviderPresetsTests
{
    private static readonly string ExamplesDir = Path.Combine(RepositoryRoot.Path, "config", "examples");

    private static readonly byte[] NoRules = Encoding.UTF8.GetBytes("rules: []\n");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ExamplesDir, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_loads_and_its_preset_supplies_the_oauth_endpoints_or_its_agent_key(string preset)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ExamplesDir, preset + ".yaml"));

        var result = ConfigLoader.Parse(bytes, NoRules);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => e.ToString())));
        var provider = Assert.Single(result.Snapshot.Providers.Values);
        Assert.Equal(preset, provider.Preset);
        if (provider.Credential == CredentialMode.Agent)
        {
            // The API-key presets (openai, anthropic, azure-openai): no user OAuth to connect.
            Assert.Equal(AgentCredentialType.ApiKey, provider.Agent!.Type);
        }
        else
        {
            Assert.True(provider.OAuth!.CanConnect);
        }
    }

    [Fact]
    public void Every_preset_has_an_example()
    {
        var examples = Directory.GetFiles(ExamplesDir, "*.yaml").Select(Path.GetFileNameWithoutExtension);

        Assert.Equal(ProviderPresets.Names.Order(StringComparer.Ordinal), examples.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Explicit_keys_win_over_the_preset()
    {
        var explicitSettings = new OAuthSettings
        {
            TokenUrl = new Uri("https://login.example.test/token"),
            ClientAuth = OAuthClientAuthentication.ClientSecretBasic,
            AuthorizeParams = new Dictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = "select_account" },
        };

        var applied = ProviderPresets.Apply("google", explicitSettings)!;

        Assert.Equal(new Uri("https://login.example.test/token"), applied.TokenUrl);
        Assert.Equal(new Uri("https://accounts.google.com/o/oauth2/v2/auth"), applied.AuthorizeUrl);
        Assert.Equal(OAuthClientAuthentication.ClientSecretBasic, applied.ClientAuth);
        Assert.Equal("select_account", applied.AuthorizeParams["prompt"]);
        Assert.Equal("offline", applied.AuthorizeParams["access_type"]);
    }

    [Theory]
    [InlineData("slack", ",", false, true)]
    [InlineData("linear", ",", true, true)]
    [InlineData("atlassian", " ", false, true)]
    [InlineData("google", " ", true, false)]
    public void Preset_quirks_are_applied(string preset, string separator, bool pkce, bool rotates)
    {
        var applied = ProviderPresets.Apply(preset, null)!;

        Assert.Equal(separator, applied.ScopeSeparator);
        Assert.Equal(pkce, applied.UsePkce);
        Assert.Equal(rotates, applied.RotatesRefreshTokens);
    }

    [Fact]
    public void Unknown_client_auth_is_a_config_error()
    {
        var providers = Encoding.UTF8.GetBytes("""
            providers:
              mail:
                upstream: https://mail.example.test
                oauth:
                  client_auth: private_key_jwt
            """);

        var result = ConfigLoader.Parse(providers, NoRules);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains("client_auth", StringComparison.Ordinal));
    }
}
