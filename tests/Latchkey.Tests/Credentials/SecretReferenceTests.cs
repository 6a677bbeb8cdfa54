using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("https://corp.vault.azure.net/secrets/jira-token", true)]
    [InlineData("https://corp.vault.azure.net/secrets/jira-token/0123abcd", true)]
    [InlineData("https://corp.vault.usgovcloudapi.net/secrets/x", true)]
    [InlineData("http://corp.vault.azure.net/secrets/x", false)]
    [InlineData("https://evil.example/secrets/x", false)]
    [InlineData("https://corp.vault.azure.net/keys/x", false)]
    [InlineData("https://corp.vault.azure.net/secrets/", false)]
    [InlineData("https://corp.vault.azure.net/secrets/x?api-version=1", false)]
    [InlineData("https://user@corp.vault.azure.net/secrets/x", false)]
    public void Key_vault_urls_are_strictly_checked(string url, bool valid)
    {
        Assert.Equal(valid, KeyVaultSecretUrl.TryParse(url, out _, out _));
    }

    [Fact]
    public void No_reference_prints_its_value()
    {
        Assert.Equal("***", SecretReference.Parse("literal-secret").ToString());
        Assert.Equal("env:NAME", SecretReference.Parse("env:NAME").ToString());
        Assert.Equal("keyvault:https://v.vault.azure.net/secrets/s", SecretReference.Parse("keyvault:https://v.vault.azure.net/secrets/s").ToString());
    }

    [Fact]
    public async Task Literal_and_environment_references_resolve_without_a_vault()
    {
        var variable = "LATCHKEY_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "from-env");
        var resolver = new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance);

        Assert.Equal("lit", await resolver.ResolveAsync(SecretReference.Parse("lit"), default));
        Assert.Equal("from-env", await resolver.ResolveAsync(SecretReference.Parse("env:" + variable), default));
        Assert.Null(await resolver.ResolveAsync(SecretReference.Parse("env:" + variable + "_UNSET"), default));
        Assert.Null(SecretReference.Parse("keyvault:https://v.vault.azure.net/secrets/s").Resolve());
    }
}
