using Latchkey.Providers;
using Latchkey.Providers.Presets;

namespace Latchkey.Tests.Credentials;

/// <summary>Provider definitions shared by the credential tests.</summary>
internal static class TestProviders
{
    /// <summary>A Microsoft-preset provider whose token endpoint the tests replace with an in-process one.</summary>
    public static readonly ProviderDefinition Graph = new()
    {
        Name = "graph",
        Preset = "microsoft",
        Upstream = new Uri("https://graph.example.test"),
        OAuth = ProviderPresets.Apply("microsoft", new OAuthSettings { ClientId = SecretReference.Parse("client") }),
    };
}
