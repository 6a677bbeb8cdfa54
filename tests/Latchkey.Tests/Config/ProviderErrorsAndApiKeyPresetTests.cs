using Latchkey.Config;
using Latchkey.Hosting.Errors;

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
        Assert.Equal(envelope, Load("preset: " + preset).Errors.Name);
    }

    [Fact]
    public void An_explicit_errors_key_wins_over_the_preset()
    {
        Assert.Same(ErrorEnvelope.Latchkey, Load("preset: slack\n    errors: latchkey").Errors);
    }

    [Fact]
    public void The_anthropic_preset_reads_x_api_key_and_injects_the_bare_key_there()
    {
        var provider = Load("preset: anthropic");

        Assert.Equal(["authorization", "x-api-key"], provider.SessionTokenFrom.Select(s => s.ToString()));
        Assert.Equal(new InjectSettings("x-api-key", "{token}"), provider.Inject);
        Assert.Null(provider.OAuth?.AuthorizeUrl);
    }

    [Fact]
    public void The_azure_openai_preset_reads_api_key_and_injects_the_bare_key_there()
    {
        var provider = Load("preset: azure-openai");

        Assert.Equal(["authorization", "api-key"], provider.SessionTokenFrom.Select(s => s.ToString()));
        Assert.Equal(new InjectSettings("api-key", "{token}"), provider.Inject);
    }

    [Fact]
    public void The_openai_preset_keeps_authorization_bearer()
    {
        var provider = Load("preset: openai");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
        Assert.Equal(InjectSettings.Default, provider.Inject);
    }

    [Fact]
    public void Explicit_inject_and_session_token_from_win_over_the_preset()
    {
        var provider = Load("preset: anthropic\n    session_token_from: [authorization]\n    inject:\n      header: Authorization");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
        Assert.Equal(InjectSettings.Default, provider.Inject);
    }

    [Fact]
    public void An_inject_block_with_only_a_format_keeps_the_presets_header()
    {
        var provider = Load("preset: anthropic\n    inject:\n      format: \"Key {token}\"");

        Assert.Equal(new InjectSettings("x-api-key", "Key {token}"), provider.Inject);
    }

    private static ProviderDefinition Load(string extra)
    {
        using var folder = new TempConfigFolder("providers:\n  mail:\n    upstream: \"https://api.example.com\"\n    " + extra + "\n");
        var result = ConfigLoader.Load(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot.Providers["mail"];
    }
}
