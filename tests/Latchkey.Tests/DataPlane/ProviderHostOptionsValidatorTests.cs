using Latchkey.DataPlane;
using Latchkey.Hosting;
using Microsoft.Extensions.Configuration;

namespace Latchkey.Tests.DataPlane;

public sealed class ProviderHostOptionsValidatorTests
{
    [Theory]
    [InlineData("latchkey.internal")]
    [InlineData("localhost")]
    [InlineData("lk-1.corp.example")]
    public void Bare_dns_names_are_accepted(string baseDomain)
    {
        Assert.True(Validate([baseDomain]).Succeeded);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("https://latchkey.internal", "has a scheme")]
    [InlineData("*.latchkey.internal", "is a wildcard")]
    [InlineData("latchkey.internal/mail", "has a path")]
    [InlineData("latchkey.internal:8443", "has a port")]
    [InlineData("[::1]", "has a port or is an IPv6 address")]
    [InlineData("10.0.0.7", "is an IP address")]
    [InlineData("10.7", "is an IP address")]
    [InlineData("latchkey.internal.", "has an empty label")]
    [InlineData(".latchkey.internal", "has an empty label")]
    [InlineData("latchkey..internal", "has an empty label")]
    [InlineData("-latchkey.internal", "is not a DNS name")]
    [InlineData("latch_key.internal", "is not a DNS name")]
    [InlineData("latchkey.internal,other.internal", "is not a DNS name")]
    public void Anything_but_a_bare_dns_name_is_rejected_with_the_key_and_the_fix(string baseDomain, string problem)
    {
        var result = Validate([baseDomain]);

        Assert.False(result.Succeeded);
        Assert.Contains($"Latchkey:ProviderHosts: '{baseDomain}' {problem}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_inside_another_is_rejected()
    {
        var result = Validate(["latchkey.internal", "eu.latchkey.internal"]);

        Assert.False(result.Succeeded);
        Assert.Contains("'eu.latchkey.internal' is also a name under 'latchkey.internal'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://mail.latchkey.internal", false)]
    [InlineData("https://latchkey.internal:8443", true)]
    [InlineData("https://latchkey.example", true)]
    public void The_public_url_must_not_be_a_provider_host(string publicUrl, bool valid)
    {
        var result = Validate(["latchkey.internal"], publicUrl);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Latchkey:PublicUrl's host 'mail.latchkey.internal'", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var result = Validate(["https://a.example", "*.b.example"]);

        Assert.Equal(2, result.Failures!.Count());
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData(" LatchKey.Internal ", new[] { "latchkey.internal" })]
    public void One_setting_is_read_trimmed_and_lower_cased(string? value, string[] expected)
    {
        var section = Configuration(new() { ["Latchkey:ProviderHosts"] = value }).GetSection(ProviderHostOptions.SectionName);

        Assert.Equal(expected, ProviderHostOptions.Read(section));
    }

    [Fact]
    public void A_list_of_settings_is_read_in_order()
    {
        var section = Configuration(new() { ["Latchkey:ProviderHosts:0"] = "A.internal", ["Latchkey:ProviderHosts:1"] = "b.internal" })
            .GetSection(ProviderHostOptions.SectionName);

        Assert.Equal(["a.internal", "b.internal"], ProviderHostOptions.Read(section));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string[] bases, string publicUrl = "https://latchkey.internal") =>
        new ProviderHostOptionsValidator(new PublicUrl(Configuration(new() { ["Latchkey:PublicUrl"] = publicUrl })))
            .Validate(null, new ProviderHostOptions { BaseDomains = bases });

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
