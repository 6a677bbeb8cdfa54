using Latchkey.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Config;

public sealed class ConfigWatcherTests : IAsyncLifetime
{
    private const string ValidRules = "rules:\n  - id: r1\n    provider: mail\n    methods: [GET]\n    path: /a\n    action: allow\n";
    // The contract promises SettleTime + 0.5 s (1.5 s by default); the margin keeps a loaded 2-core CI runner,
    // with every other test running in parallel, from failing a correct watcher.
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromSeconds(5);

    private readonly TempConfigFolder _folder = new();
    private readonly ListLoggerProvider _logs = new();
    private ConfigSnapshotSource _source = null!;
    private ConfigWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        var initial = ConfigLoader.Load(_folder.Path);
        Assert.True(initial.Succeeded);
        _source = new ConfigSnapshotSource(initial.Snapshot, _folder.Path);
        _watcher = new ConfigWatcher(_source, Options.Create(new ConfigReloadOptions()), TimeProvider.System, _logs.CreateLogger<ConfigWatcher>());
        await _watcher.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _watcher.StopAsync(CancellationToken.None);
        _watcher.Dispose();
        _source.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Valid_edit_is_published_within_two_seconds()
    {
        var before = _source.Current.Version;
        var token = _source.GetChangeToken();

        _folder.WriteRules(ValidRules);

        Assert.True(await Wait.UntilAsync(() => _source.Current.Version != before, PublishDeadline));
        Assert.Equal("r1", Assert.Single(_source.Current.Rules).Id);
        Assert.True(token.HasChanged);

        // The event is logged just after the swap: wait for it rather than race it.
        Assert.True(await Wait.UntilAsync(() => _logs.Events.Any(e => e.EventId.Id == 7001 && e.EventId.Name == "ConfigReloaded"), PublishDeadline));
    }

    [Fact]
    public async Task Atomic_rename_replace_is_published()
    {
        var before = _source.Current.Version;

        _folder.ReplaceRulesAtomically(ValidRules);

        Assert.True(await Wait.UntilAsync(() => _source.Current.Version != before, PublishDeadline));
        Assert.Single(_source.Current.Rules);
    }

    [Fact]
    public async Task Invalid_edit_keeps_last_good_snapshot_and_logs_rejection()
    {
        var good = _source.Current;

        _folder.WriteRules("rules:\n  - id: r1\n    provider: nope\n    methods: [GET]\n    path: /a\n    action: allow\n");

        Assert.True(await Wait.UntilAsync(() => HasRejection("unknown provider 'nope'"), TimeSpan.FromSeconds(5)));
        Assert.Same(good, _source.Current);
        var rejection = Assert.Single(_logs.Events, e => e.EventId.Id == 7002);
        Assert.Equal(LogLevel.Error, rejection.Level);
        Assert.Equal("ConfigRejected", rejection.EventId.Name);
        Assert.Contains("rules.yaml:3: rules[0].provider", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_rules_file_keeps_last_good_and_a_later_valid_edit_recovers()
    {
        var good = _source.Current;

        File.Delete(_folder.RulesPath);

        Assert.True(await Wait.UntilAsync(() => HasRejection("rules.yaml: file not found"), TimeSpan.FromSeconds(5)));
        Assert.Same(good, _source.Current);

        _folder.WriteRules(ValidRules);

        Assert.True(await Wait.UntilAsync(() => _source.Current.Version != good.Version, PublishDeadline));
        Assert.Equal("r1", Assert.Single(_source.Current.Rules).Id);
    }

    [Fact]
    public async Task Rewriting_identical_content_publishes_nothing()
    {
        var good = _source.Current;
        _folder.WriteRules(TempConfigFolder.BaseRules);
        _folder.WriteProviders(TempConfigFolder.BaseProviders + "\n");

        // The provider edit is the marker: once it is published, the identical rules write was seen too.
        Assert.True(await Wait.UntilAsync(() => _source.Current.Version != good.Version, PublishDeadline));
        Assert.Single(_logs.Events, e => e.EventId.Id == 7001);
        Assert.DoesNotContain(_logs.Events, e => e.EventId.Id == 7002);
    }

    [Fact]
    public async Task Tools_file_is_hot_reloaded_with_the_others_and_an_invalid_one_keeps_the_last_good()
    {
        const string Tools = "tools:\n  - name: t1\n    description: d\n    provider: mail\n    method: GET\n    path: /a\n    input_schema: { type: object }\n";
        var before = _source.Current.Version;

        File.WriteAllText(Path.Combine(_folder.Path, ToolsFileParser.FileName), Tools);

        Assert.True(await Wait.UntilAsync(() => _source.Current.Version != before, PublishDeadline));
        var good = _source.Current;
        Assert.Equal("t1", Assert.Single(good.Tools).Name);

        File.WriteAllText(Path.Combine(_folder.Path, ToolsFileParser.FileName), Tools.Replace("provider: mail", "provider: nope", StringComparison.Ordinal));

        Assert.True(await Wait.UntilAsync(() => HasRejection("tools.yaml:4: tools[0].provider"), PublishDeadline));
        Assert.Same(good, _source.Current);
    }

    private bool HasRejection(string text) =>
        _logs.Events.Any(e => e.EventId.Id == 7002 && e.Message.Contains(text, StringComparison.Ordinal));
}
