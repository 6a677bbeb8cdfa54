using Latchkey.Config;
using Latchkey.Hosting.Errors;
using Latchkey.Providers;

namespace Latchkey.Tests.Config;

/// <summary>
/// providers.yaml's <c>errors</c> key and the API-key presets (<c>openai</c>, <c>anthropic</c>,
/// <c>azure-openai</c>): resolved into the provider's settings when the config is parsed, explicit keys winning.
/// </summary>
public sealed class ProviderErrorsAndApiKeyPresetTests
{
    [Fact]
    public void Without_errors_or_preset_the_latchkey_envelope_is_used()
    {
        Assert.Same(ErrorEnvelope.Latchkey, Load(string.Empty).Errors);
    }

    [Theory]
    [InlineData("latchkey")]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("slack")]
    [InlineData("google")]
    [InlineData("github")]
    public void Each_envelope_can_be_named(string name)
    {
        Assert.Equal(name, Load("errors: " + name).Errors.Name);
    }

    [Theory]
    [InlineData("google", "google")]
    [InlineData("slack", "slack")]
    [InlineData("github", "github")]
    [InlineData("openai", "openai")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("azure-openai", "openai")]
    [InlineData("microsoft", "latchkey")]
    [InlineData("atlassian", "latchkey")]
    public void A_preset_sets_its_providers_envelope(string preset, string envelope)
    {
        var agent = envelope is "openai" or "anthropic" ? "\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}" : string.Empty;
        Assert.Equal(envelope, Load("preset: " + preset + agent).Errors.Name);
    }

    [Fact]
    public void An_explicit_errors_key_wins_over_the_preset()
    {
        Assert.Same(ErrorEnvelope.Latchkey, Load("preset: slack\n    errors: latchkey").Errors);
    }

    [Fact]
    public void The_anthropic_preset_reads_x_api_key_and_injects_the_bare_key_there()
    {
        var provider = Load("preset: anthropic\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}");

        Assert.Equal(["authorization", "x-api-key"], provider.SessionTokenFrom.Select(s => s.ToString()));
        Assert.Equal(new InjectSettings("x-api-key", "{token}"), provider.Inject);
        Assert.Null(provider.OAuth?.AuthorizeUrl);
    }

    [Fact]
    public void The_azure_openai_preset_reads_api_key_and_injects_the_bare_key_there()
    {
        var provider = Load("preset: azure-openai\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}");

        Assert.Equal(["authorization", "api-key"], provider.SessionTokenFrom.Select(s => s.ToString()));
        Assert.Equal(new InjectSettings("api-key", "{token}"), provider.Inject);
    }

    [Fact]
    public void The_openai_preset_keeps_authorization_bearer()
    {
        var provider = Load("preset: openai\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
        Assert.Equal(InjectSettings.Default, provider.Inject);
    }

    [Fact]
    public void Explicit_inject_and_session_token_from_win_over_the_preset()
    {
        var provider = Load("preset: anthropic\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}\n    session_token_from: [authorization]\n    inject:\n      header: Authorization");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
        Assert.Equal(InjectSettings.Default, provider.Inject);
    }

    [Fact]
    public void An_inject_block_with_only_a_format_keeps_the_presets_header()
    {
        var provider = Load("preset: anthropic\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}\n    inject:\n      format: \"Key {token}\"");

        Assert.Equal(new InjectSettings("x-api-key", "Key {token}"), provider.Inject);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("azure-openai")]
    public void An_api_key_preset_uses_the_providers_own_credential_by_default(string preset)
    {
        Assert.Equal(CredentialMode.Agent, Load("preset: " + preset + "\n    agent: {type: api_key, key: env:LATCHKEY_TEST_KEY}").Credential);
    }

    [Fact]
    public void An_api_key_preset_without_an_agent_block_is_an_error_naming_the_preset_line()
    {
        using var folder = new TempConfigFolder("providers:\n  mail:\n    upstream: \"https://api.example.com\"\n    preset: openai\n");
        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Contains("providers.yaml:4", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("add an 'agent' block", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_credential_wins_over_an_api_key_presets_default()
    {
        Assert.Equal(CredentialMode.User, Load("preset: openai\n    credential: user").Credential);
    }

    private static ProviderDefinition Load(string extra)
    {
        using var folder = new TempConfigFolder("providers:\n  mail:\n    upstream: \"https://api.example.com\"\n    " + extra + "\n");
        var result = ConfigLoader.Load(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot.Providers["mail"];
    }
}
