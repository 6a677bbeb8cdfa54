using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latchkey.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with an append-only file: Redis writes it
/// before replying, so a kill and restart (an outage) loses nothing that was acknowledged. Killed and its directory removed on dispose.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private RedisProcess(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(FreePort(), Directory.CreateTempSubdirectory("latchkey-redis-").FullName);
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>The path of redis-server, or a failure telling how to install it (tests never skip silently).</summary>
    public static string FindExecutable(string name = "redis-server")
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{name} is not installed. Install it with `apt-get install -y redis-server`, or run `bash scripts/test.sh`, which installs it.");
    }

    /// <summary>Starts (or restarts) the server on the same port and data directory, and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(FindExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _directory, "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "everysec",
            "--protected-mode", "yes", "--maxmemory-policy", "noeviction",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING (exited: {_process.HasExited}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server abruptly, as a crash or a lost node would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs one command through a raw RESP connection and returns the raw reply.</summary>
    public Task<string> CommandAsync(params string[] arguments) => Resp.CommandAsync(Port, arguments);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        TempRoot.DeleteQuietly(_directory);
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
