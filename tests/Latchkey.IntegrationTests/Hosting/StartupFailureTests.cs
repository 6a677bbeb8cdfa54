using System.Diagnostics;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Hosting;

/// <summary>A start that cannot succeed ends with one clear line and a non-zero exit, never a stack trace.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Audit_buffer_held_by_another_instance_prints_one_line_and_exits_non_zero()
    {
        using var root = WriteConfig(TestConfigs.Rules);
        var buffer = Directory.CreateDirectory(Path.Combine(root, "audit")).FullName;
        // What another instance holds: the buffer's exclusive lock file.
        using var otherInstance = new FileStream(Path.Combine(buffer, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var (exitCode, output) = await RunToExitAsync(root, buffer);

        Assert.NotEqual(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines, l => l.Contains("already in use by another Latchkey instance", StringComparison.Ordinal));
        Assert.StartsWith("latchkey: could not start:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_config_prints_one_line_and_exits_non_zero()
    {
        using var root = WriteConfig("rules:\n  - id: r1\n    provider: tickets\n    methods: [FETCH]\n    path: /a\n    action: allow\n");

        var (exitCode, output) = await RunToExitAsync(root, Path.Combine(root, "audit"));

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("latchkey: could not start:", StringComparison.Ordinal));
        Assert.Contains("rules.yaml:4: rules[0].methods[0]: unknown method 'FETCH'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_console_prints_readable_lines_and_production_prints_clef()
    {
        using var root = WriteConfig("rules: [oops]\n");

        var (_, development) = await RunToExitAsync(root, Path.Combine(root, "audit-dev"), "Development");
        var (_, production) = await RunToExitAsync(root, Path.Combine(root, "audit-prod"), "Production");

        Assert.Matches(@"(?m)^\[\d\d:\d\d:\d\d INF\] ", development);
        Assert.DoesNotContain("{\"@t\"", development, StringComparison.Ordinal);
        Assert.Contains("{\"@t\"", production, StringComparison.Ordinal);
    }

    private static TempRoot WriteConfig(string rules)
    {
        TestConfigs.EnsureEnvironment();
        var root = TempRoot.Create("latchkey-start-");
        Directory.CreateDirectory(Path.Combine(root.Path, "config"));
        File.WriteAllText(Path.Combine(root.Path, "config", "providers.yaml"), TestConfigs.Providers.Replace("{upstream}", "http://127.0.0.1:9", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(root.Path, "config", "rules.yaml"), rules);
        return root;
    }

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(string root, string buffer, string environment = "Testing")
    {
        var info = new ProcessStartInfo("dotnet", [RepoPaths.AppDll])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = environment;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["Latchkey__ConfigDir"] = Path.Combine(root, "config");
        info.Environment["Latchkey__Audit__BufferPath"] = buffer;
        info.Environment[TestConfigs.TicketsKeyVariable] = TestConfigs.TicketsKey;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("latchkey did not exit:\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
