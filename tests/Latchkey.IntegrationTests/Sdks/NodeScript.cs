using System.Diagnostics;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// Runs one scenario of a script in <c>tests/sdk-clients</c> with Node.js and returns the JSON line
/// it printed. Fails (never skips) when Node.js or the installed packages are missing, saying how
/// to install them, and when the script outlives its time limit (the process tree is killed).
/// </summary>
public static class NodeScript
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);

    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "tests", "sdk-clients");

    public static Task<JsonElement> RunAsync(SdkRig rig, CreatedSession session, string script, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(session);
        return RunAsync(
            new Dictionary<string, string>
            {
                ["LATCHKEY_URL"] = rig.LatchkeyUrl,
                ["LATCHKEY_TOKEN"] = session.Token,
                ["LATCHKEY_PROVIDER_HOSTS"] = SdkRig.ProviderHosts,
                ["FAKE_URL"] = rig.Fake.Url,
            },
            script,
            arguments);
    }

    /// <summary>Runs a scenario with <paramref name="environment"/> (LATCHKEY_URL, LATCHKEY_TOKEN and what the script reads).</summary>
    public static async Task<JsonElement> RunAsync(IReadOnlyDictionary<string, string> environment, string script, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules")),
            "The SDK packages are not installed: run `npm ci --prefix tests/sdk-clients` (scripts/test.sh does).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["NO_PROXY"] = "*";

        using var process = StartOrExplain(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node {script} {string.Join(' ', arguments)} ran past {TimeLimit.TotalSeconds} s (an SDK retrying?)\n{await stdout}\n{await stderr}");
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.LastOrDefault(l => l.StartsWith('{'));
        Assert.True(last is not null, $"node {script} printed no result (exit {process.ExitCode})\n{await stdout}\n{await stderr}");
        var result = JsonDocument.Parse(last).RootElement.Clone();
        Assert.True(result.GetProperty("ok").GetBoolean(), $"node {script} {string.Join(' ', arguments)} failed: {last}\n{await stderr}");
        return result;
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "Node.js (20 or later) is needed for the SDK suite: `apt-get install nodejs npm`, then `npm ci --prefix tests/sdk-clients` (scripts/test.sh does both).", e);
        }
    }
}
