using Latchkey.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Config;

/// <summary>The settle window, on a fake clock: a change is applied only once the files have stopped changing.</summary>
public sealed class ConfigWatcherSettleTests : IDisposable
{
    private const string RulesA = "rules:\n  - id: a\n    provider: mail\n    methods: [GET]\n    path: /a\n    action: allow\n";
    private const string RulesB = "rules:\n  - id: b\n    provider: mail\n    methods: [GET]\n    path: /b\n    action: allow\n";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly TempConfigFolder _folder = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly ConfigSnapshotSource _source;
    private readonly ConfigWatcher _watcher;

    public ConfigWatcherSettleTests()
    {
        var initial = ConfigLoader.Load(_folder.Path);
        Assert.True(initial.Succeeded);
        _source = new ConfigSnapshotSource(initial.Snapshot, _folder.Path);
        _watcher = new ConfigWatcher(_source, Options.Create(new ConfigReloadOptions { SettleTime = Settle }), _time, _logs.CreateLogger<ConfigWatcher>());
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _source.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_change_is_applied_only_after_it_has_stayed_unchanged_for_the_settle_time()
    {
        var before = _source.Current;
        _folder.WriteRules(RulesA);

        PollFor(Settle - ConfigWatcher.PollInterval);
        Assert.Same(before, _source.Current);
        var pending = Assert.Single(_logs.Events, e => e.EventId.Id == 7006);
        Assert.Equal("ConfigChangePending", pending.EventId.Name);

        PollFor(ConfigWatcher.PollInterval * 2);
        Assert.Equal("a", Assert.Single(_source.Current.Rules).Id);
        Assert.Single(_logs.Events, e => e.EventId.Id == 7001);
    }

    [Fact]
    public void A_file_that_keeps_changing_is_never_applied_and_a_warning_says_so()
    {
        var before = _source.Current;

        for (var i = 0; i < 100; i++)
        {
            _folder.WriteRules(i % 2 == 0 ? RulesA : RulesB + new string('#', i) + "\n");
            PollFor(Settle / 2);
        }

        Assert.Same(before, _source.Current);
        Assert.Single(_logs.Events, e => e.EventId.Id == 7006);
        var warning = Assert.Single(_logs.Events, e => e.EventId.Id == 7007);
        Assert.Equal(LogLevel.Warning, warning.Level);

        PollFor(Settle + ConfigWatcher.PollInterval);
        Assert.NotSame(before, _source.Current);
    }

    [Fact]
    public void A_settled_invalid_file_is_rejected_once_and_the_last_good_snapshot_stays()
    {
        var good = _source.Current;
        _folder.WriteRules("rules:\n  - id: a\n    provider: mail\n    methods: [GET]\n    path: /a\n");

        PollFor(Settle * 3);

        Assert.Same(good, _source.Current);
        var rejection = Assert.Single(_logs.Events, e => e.EventId.Id == 7002);
        Assert.Contains("rules.yaml:2: rules[0].action: is required", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_invalid_file_written_again_after_a_revert_is_rejected_again()
    {
        const string invalid = "rules:\n  - id: a\n    provider: mail\n    methods: [GET]\n    path: /a\n";
        var good = _source.Current;
        _folder.WriteRules(invalid);
        PollFor(Settle * 3);
        _folder.WriteRules(TempConfigFolder.BaseRules);
        PollFor(Settle * 3);

        _folder.WriteRules(invalid);
        PollFor(Settle * 3);

        Assert.Same(good, _source.Current);
        Assert.Equal(2, _logs.Events.Count(e => e.EventId.Id == 7002));
        Assert.Equal(2, _logs.Events.Count(e => e.EventId.Id == 7006));
    }

    [Fact]
    public void Going_back_to_the_live_content_before_it_settles_applies_nothing()
    {
        var good = _source.Current;
        _folder.WriteRules(RulesA);
        PollFor(Settle / 2);

        _folder.WriteRules(TempConfigFolder.BaseRules);
        PollFor(Settle * 3);

        Assert.Same(good, _source.Current);
        Assert.DoesNotContain(_logs.Events, e => e.EventId.Id is 7001 or 7002);
    }

    [Theory]
    [InlineData("00:00:00.1")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:05:00.001")]
    public void Settle_time_outside_its_range_is_refused_at_start_naming_the_key(string value)
    {
        var result = new ConfigReloadOptionsValidator().Validate(null, new ConfigReloadOptions { SettleTime = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Latchkey:Config:SettleTime must be between", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.25")]
    [InlineData("00:00:01")]
    [InlineData("00:05:00")]
    public void Settle_time_inside_its_range_is_accepted(string value) =>
        Assert.True(new ConfigReloadOptionsValidator().Validate(null, new ConfigReloadOptions { SettleTime = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);

    private void PollFor(TimeSpan duration)
    {
        for (var waited = TimeSpan.Zero; waited < duration; waited += ConfigWatcher.PollInterval)
        {
            _time.Advance(ConfigWatcher.PollInterval);
            _watcher.Poll();
        }
    }
}
