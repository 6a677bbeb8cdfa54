using System.Net;
using System.Text;
using Latchkey.Config;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Config;

/// <summary>
/// The shipped rules.yaml rewritten in place in two steps (a prefix, then the rest after a pause
/// shorter than the settle window) while agents keep calling paths that both versions deny: the
/// upstream never receives one of them.
/// </summary>
public sealed class InPlaceRulesWriteTests
{
    private const string Providers = """
        providers:
          mail:
            upstream: "{upstream}"
            allow_private_network: true
          jira:
            upstream: "{upstream}"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: jira-agent-key
        """;

    // The shipped rules with broad read rules first: their denies now carve paths out of an
    // earlier allow, so a prefix ending between them would re-open those paths.
    private const string BroadAllows = """
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

    private static readonly string[] DeniedInBoth =
    [
        "/mail/gmail/v1/users/me/settings/filters",
        "/jira/ex/jira/cloud-1/rest/api/3/permissionscheme/10000",
    ];

    // Well under the default 1 s settle window; a writer slower than that is not protected.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Two_step_in_place_writes_cut_at_rule_boundaries_never_forward_a_path_both_versions_deny()
    {
        var v1 = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "config", "rules.yaml"));
        var v2 = WithBroadAllowsFirst(v1);
        // Rate limiting off: the agent calls as fast as it can, and every call must meet the rules.
        await using var host = LatchkeyTestHost.Start(Providers, Encoding.UTF8.GetString(v1), withSeq: false, new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:Default:PermitsPerSecond"] = "0",
        });
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.in-place");
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read", "email.send", "jira.read", "jira.write");
        var rulesPath = Path.Combine(host.ConfigDir, "rules.yaml");
        var providers = await File.ReadAllBytesAsync(Path.Combine(host.ConfigDir, "providers.yaml"));
        var snapshots = host.Factory.Services.GetRequiredService<IConfigSnapshotSource>();

        using var stop = new CancellationTokenSource();
        var (refused, other) = (0, 0);
        var agent = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var path in DeniedInBoth)
                {
                    using var response = await host.SendAsync(HttpMethod.Get, path, session.Token);
                    (refused, other) = response.StatusCode == HttpStatusCode.Forbidden ? (refused + 1, other) : (refused, other + 1);
                }
            }
        });

        var rounds = Interleave(Cuts(v2).Select(c => (v2, c)), Cuts(v1).Select(c => (v1, c))).ToList();
        foreach (var (target, cut) in rounds)
        {
            await WriteInTwoStepsAsync(rulesPath, target, cut);
            var version = ConfigLoader.ComputeVersion(providers, target);
            Assert.True(await WaitUntilAsync(() => snapshots.Current.Version == version, TimeSpan.FromSeconds(10)), $"cut at byte {cut}: the complete file never went live");
        }

        await stop.CancelAsync();
        await agent;

        var leaked = host.Upstream.Received.Select(e => e.RequestMessage.Path)
            .Where(p => p.Contains("/settings/", StringComparison.Ordinal) || p.Contains("/permissionscheme/", StringComparison.Ordinal))
            .ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} requests to paths denied by both versions were forwarded, e.g. {leaked.FirstOrDefault()}");
        Assert.True(refused > rounds.Count, $"the agent was refused only {refused} times across {rounds.Count} rewrites");
        Assert.Equal(0, other);

        // Both versions went live each round: the final one is v1, with its own rules answering.
        using var allowed = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages/1", session.Token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    /// <summary>Truncates the file in place, writes the prefix, pauses, then appends the rest.</summary>
    private static async Task WriteInTwoStepsAsync(string path, byte[] content, int cut)
    {
        await using (var file = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        {
            await file.WriteAsync(content.AsMemory(0, cut));
        }

        await Task.Delay(Pause);
        await using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            await file.WriteAsync(content.AsMemory(cut));
        }
    }

    /// <summary>Every rule boundary, and just before every 'action: deny' line (the cut the issue saw).</summary>
    private static IEnumerable<int> Cuts(byte[] rules)
    {
        var offset = 0;
        foreach (var line in Encoding.UTF8.GetString(rules).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("- id:", StringComparison.Ordinal) || trimmed == "action: deny")
            {
                yield return offset;
            }

            offset += Encoding.UTF8.GetByteCount(line) + 1;
        }
    }

    /// <summary>Alternates the two lists (cycling the shorter) so every round is a real change of version.</summary>
    private static IEnumerable<(byte[] Target, int Cut)> Interleave(IEnumerable<(byte[], int)> first, IEnumerable<(byte[], int)> second)
    {
        var a = first.ToList();
        var b = second.ToList();
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            yield return a[i % a.Count];
            yield return b[i % b.Count];
        }
    }

    private static byte[] WithBroadAllowsFirst(byte[] rules)
    {
        var text = Encoding.UTF8.GetString(rules);
        var at = text.IndexOf("\nrules:\n", StringComparison.Ordinal) + "\nrules:\n".Length;
        return Encoding.UTF8.GetBytes(text[..at] + BroadAllows + text[at..]);
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }
}
