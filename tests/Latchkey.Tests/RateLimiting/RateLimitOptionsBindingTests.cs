using Latchkey.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Latchkey.Tests.RateLimiting;

/// <summary>
/// A per-provider setting for a provider whose name holds <c>-</c> (<c>azure-openai</c>), set as an
/// environment variable: the name is kept as is between the <c>__</c> separators (docs/contract.md §1).
/// Each test reads only variables under its own prefix, so nothing leaks into other tests.
/// </summary>
public sealed class RateLimitOptionsBindingTests
{
    [Fact]
    public void A_hyphenated_provider_name_binds_from_an_environment_variable_spelled_with_the_hyphen()
    {
        var options = Bind("LKTEST_HYPHEN_", "Latchkey__RateLimits__Providers__azure-openai__PermitsPerSecond", "7");

        Assert.Equal(7, options.For("azure-openai").PermitsPerSecond);
    }

    [Fact]
    public void An_underscore_in_place_of_the_hyphen_names_another_provider()
    {
        var options = Bind("LKTEST_UNDERSCORE_", "Latchkey__RateLimits__Providers__azure_openai__PermitsPerSecond", "7");

        Assert.Equal(new TokenBucketSettings().PermitsPerSecond, options.For("azure-openai").PermitsPerSecond);
    }

    [Fact]
    public void An_override_setting_only_the_rate_keeps_the_default_burst()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "1",
            ["Latchkey:RateLimits:Default:Burst"] = "1",
            ["Latchkey:RateLimits:Providers:github:PermitsPerSecond"] = "2",
            ["Latchkey:RateLimits:Providers:mail:Burst"] = "5",
        }).Build();
        var options = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.SectionName).Bind(options);

        Assert.Equal((2, 1), (options.For("github").PermitsPerSecond, options.For("github").Burst));
        Assert.Equal((1, 5), (options.For("mail").PermitsPerSecond, options.For("mail").Burst));
    }

    private static RateLimitOptions Bind(string prefix, string name, string value)
    {
        Environment.SetEnvironmentVariable(prefix + name, value);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var options = new RateLimitOptions();
            configuration.GetSection(RateLimitOptions.SectionName).Bind(options);
            return options;
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }
}
