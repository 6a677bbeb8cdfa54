using System.Net;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Config;

/// <summary>Rules edits after start: valid ones go live quickly, broken ones never do.</summary>
public sealed class ConfigReloadTests
{
    private const string Providers = """
        providers:
          mail:
            upstream: "{upstream}"
            allow_private_network: true
        """;

    private const string RulesAllowingA = """
        rules:
          - id: a.read
            provider: mail
            methods: [GET]
            path: /a
            action: allow
        """;

    private const string RulesAllowingB = """
        rules:
          - id: b.read
            provider: mail
            methods: [GET]
            path: /b
            action: allow
        """;

    // The contract promises 2 s; the extra margin keeps a loaded CI machine from flaking.
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Valid_rules_edit_takes_effect_without_restart()
    {
        await using var host = await StartAsync();
        var session = await host.CreateSessionAsync("acme", "alice", "bot");

        await File.WriteAllTextAsync(Path.Combine(host.ConfigDir, "rules.yaml"), RulesAllowingB);

        Assert.True(await WaitUntilStatusAsync(host, session, "/mail/b", HttpStatusCode.OK), "the new rule never took effect");
        using var old = await host.SendAsync(HttpMethod.Get, "/mail/a", session.Token);
        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
    }

    [Fact]
    public async Task Broken_rules_edit_is_rejected_and_the_last_good_rules_stay()
    {
        await using var host = await StartAsync();
        var session = await host.CreateSessionAsync("acme", "alice", "bot");

        await File.WriteAllTextAsync(Path.Combine(host.ConfigDir, "rules.yaml"), RulesAllowingB + "    surprise_key: 1\n");

        // Application events reach Seq through Serilog's batching sink: allow for its period.
        Assert.True(await WaitUntilAsync(() => host.Seq!.Payloads.Any(p => p.Contains("ConfigRejected", StringComparison.Ordinal)), TimeSpan.FromSeconds(20)),
            "no ConfigRejected error event was logged");
        using var stillAllowed = await host.SendAsync(HttpMethod.Get, "/mail/a", session.Token);
        Assert.Equal(HttpStatusCode.OK, stillAllowed.StatusCode);
        using var notAllowed = await host.SendAsync(HttpMethod.Get, "/mail/b", session.Token);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
    }

    [Fact]
    public async Task Deleted_rules_file_keeps_the_last_good_rules()
    {
        await using var host = await StartAsync();
        var session = await host.CreateSessionAsync("acme", "alice", "bot");

        File.Delete(Path.Combine(host.ConfigDir, "rules.yaml"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        using var response = await host.SendAsync(HttpMethod.Get, "/mail/a", session.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_config_at_start_stops_the_process_naming_file_line_and_key()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            var host = LatchkeyTestHost.Start(Providers, RulesAllowingA.Replace("provider: mail", "provider: nosuch", StringComparison.Ordinal));
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        var text = error.ToString();
        Assert.Contains("rules.yaml:3", text, StringComparison.Ordinal);
        Assert.Contains("provider", text, StringComparison.Ordinal);
    }

    private static async Task<LatchkeyTestHost> StartAsync()
    {
        var host = LatchkeyTestHost.Start(Providers, RulesAllowingA);
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.reload");
        return host;
    }

    private static Task<bool> WaitUntilStatusAsync(LatchkeyTestHost host, CreatedSession session, string path, HttpStatusCode status) =>
        WaitUntilAsync(async () =>
        {
            using var response = await host.SendAsync(HttpMethod.Get, path, session.Token);
            return response.StatusCode == status;
        });

    private static Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? ReloadDeadline);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
