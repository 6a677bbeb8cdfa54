using Latchkey.Config;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Config;

public sealed class ConfigServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Startup_with_invalid_config_throws_listing_file_line_and_key()
    {
        using var folder = new TempConfigFolder(rules: "rules:\n  - id: r1\n    provider: nope\n    methods: [get]\n    path: /a\n    action: allow\n");
        var logs = new ListLoggerProvider();
        using var host = BuildHost(folder.Path, Path.GetTempPath(), logs);

        var exception = await Assert.ThrowsAsync<ConfigValidationException>(() => host.StartAsync());

        Assert.Contains("rules.yaml:3: rules[0].provider: unknown provider 'nope'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("rules.yaml:4: rules[0].methods[0]: methods must be upper case: use GET", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.Errors.Count);
        Assert.Contains(logs.Events, e => e.EventId.Id == 7000 && e.Level == LogLevel.Critical);
    }

    [Fact]
    public async Task Relative_config_dir_resolves_against_content_root_and_loads_at_start()
    {
        using var folder = new TempConfigFolder();
        using var host = BuildHost(Path.GetFileName(folder.Path), Path.GetDirectoryName(folder.Path)!, new ListLoggerProvider());

        await host.StartAsync();
        try
        {
            var source = host.Services.GetRequiredService<IConfigSnapshotSource>();
            Assert.Equal(["mail", "jira"], source.Current.Providers.Keys);
            Assert.Same(source, host.Services.GetRequiredService<ConfigSnapshotSource>());
            Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is ConfigWatcher);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_config_dir_is_refused(string configDir)
    {
        var result = new LatchkeyConfigOptionsValidator().Validate(null, new LatchkeyConfigOptions { ConfigDir = configDir });

        Assert.True(result.Failed);
        Assert.Contains("Latchkey:ConfigDir", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_dir_defaults_to_config()
    {
        var services = new ServiceCollection();
        services.AddLatchkeyConfig(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.Equal("config", provider.GetRequiredService<IOptions<LatchkeyConfigOptions>>().Value.ConfigDir);
    }

    private static IHost BuildHost(string configDir, string contentRoot, ListLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:ConfigDir"] = configDir });
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddLatchkeyConfig(builder.Configuration);
        return builder.Build();
    }
}
