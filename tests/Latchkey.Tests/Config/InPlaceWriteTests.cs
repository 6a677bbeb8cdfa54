using System.Text;
using Latchkey.Config;
using Latchkey.Rules;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Config;

/// <summary>
/// The watcher against a rules file rewritten in place in two steps (a prefix, then the rest
/// after a pause shorter than the settle window): no half-written version is ever live, so
/// nothing refused by both the old and the new version is ever let through.
/// </summary>
public sealed class InPlaceWriteTests : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(750);

    private readonly TempConfigFolder _folder;
    private readonly byte[] _providers;
    private readonly byte[] _v1;
    private readonly byte[] _v2;
    private readonly FakeTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly ConfigSnapshotSource _source;
    private readonly ConfigWatcher _watcher;
    private readonly List<RuleProbe> _refusedByBoth;

    public InPlaceWriteTests()
    {
        (_providers, _v1) = ShippedConfigFiles.Read("config");
        _v2 = WithBroadAllowsFirst(_v1);
        _folder = new TempConfigFolder(Encoding.UTF8.GetString(_providers), Encoding.UTF8.GetString(_v1));
        var initial = ConfigLoader.Load(_folder.Path);
        Assert.True(initial.Succeeded, string.Join("\n", initial.Errors));
        _source = new ConfigSnapshotSource(initial.Snapshot, _folder.Path);
        _watcher = new ConfigWatcher(_source, Options.Create(new ConfigReloadOptions { SettleTime = Settle }), _time, _logs.CreateLogger<ConfigWatcher>());

        var v1 = Parse(_v1);
        var v2 = Parse(_v2);
        var (v1Rules, v2Rules) = (RuleSet.Compile(v1.Rules), RuleSet.Compile(v2.Rules));
        _refusedByBoth = [.. RuleProbes.From(v1.Rules, v2.Rules).Where(p => p.Reach(v1, v1Rules) == 0 && p.Reach(v2, v2Rules) == 0)];
        Assert.Contains(_refusedByBoth, p => p.Path.Contains("/settings/", StringComparison.Ordinal));
        Assert.Contains(_refusedByBoth, p => p.Path.Contains("/permissionscheme/", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _source.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Two_step_in_place_write_cut_at_any_line_never_makes_a_half_written_file_live()
    {
        var rounds = 0;
        foreach (var target in new[] { _v2, _v1 })
        {
            foreach (var cut in ShippedConfigFiles.LineBoundaries(target).Where(c => c < target.Length))
            {
                WriteInTwoSteps(target, cut);
                rounds++;

                // Then back to the other version, atomically, so the next round is a real change again.
                var other = ReferenceEquals(target, _v1) ? _v2 : _v1;
                _folder.ReplaceRulesAtomically(Encoding.UTF8.GetString(other));
                PollUntilLive(other, $"restoring after cut at byte {cut}");
            }
        }

        Assert.True(rounds > 100, $"only {rounds} rounds");

        // A half-written file never settles, so it is not even reported as invalid.
        Assert.DoesNotContain(_logs.Events, e => e.EventId.Id == 7002);
    }

    private void WriteInTwoSteps(byte[] target, int cut)
    {
        using (var file = new FileStream(_folder.RulesPath, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Write(target, 0, cut);
        }

        for (var waited = TimeSpan.Zero; waited < Pause; waited += ConfigWatcher.PollInterval)
        {
            PollAndCheck($"prefix cut at byte {cut}");
        }

        using (var file = new FileStream(_folder.RulesPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Write(target, cut, target.Length - cut);
        }

        PollUntilLive(target, $"completing cut at byte {cut}");
    }

    private void PollUntilLive(byte[] target, string step)
    {
        var version = ConfigLoader.ComputeVersion(_providers, target);
        for (var waited = TimeSpan.Zero; _source.Current.Version != version; waited += ConfigWatcher.PollInterval)
        {
            Assert.True(waited < Settle * 5, $"{step}: the complete file never went live");
            PollAndCheck(step);
        }
    }

    private void PollAndCheck(string step)
    {
        _time.Advance(ConfigWatcher.PollInterval);
        _watcher.Poll();
        var live = _source.Current;
        var rules = RuleSet.Compile(live.Rules);
        var leaked = _refusedByBoth.FirstOrDefault(p => p.Reach(live, rules) > 0);
        Assert.True(leaked is null, $"{step}: {leaked} is refused by both versions but the live rules ({live.Rules.Count}) let it through");
    }

    private ConfigSnapshot Parse(byte[] rules)
    {
        var result = ConfigLoader.Parse(_providers, rules);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot;
    }

    /// <summary>
    /// The shipped rules with broad read rules first: their denies now carve paths out of an
    /// earlier allow, so a prefix ending between them re-opens those paths.
    /// </summary>
    private static byte[] WithBroadAllowsFirst(byte[] rules)
    {
        const string Broad = """
              - id: mail.everything.read
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/{**rest}
                scopes: [email.read]
                action: allow
              - id: jira.everything.read
                provider: jira
                methods: [GET]
                path: /ex/jira/{cloudId}/rest/api/3/{**rest}
                scopes: [jira.read]
                action: allow

            """;
        var text = Encoding.UTF8.GetString(rules);
        var at = text.IndexOf("\nrules:\n", StringComparison.Ordinal) + "\nrules:\n".Length;
        return Encoding.UTF8.GetBytes(text[..at] + Broad + text[at..]);
    }
}
