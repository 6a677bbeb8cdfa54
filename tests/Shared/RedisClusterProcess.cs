using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latchkey.Testing;

/// <summary>
/// A three-master Redis Cluster on loopback: three <c>redis-server --cluster-enabled yes</c>
/// processes joined with <c>redis-cli --cluster create</c>, ready once every node reports
/// <c>cluster_state:ok</c>. Everything is killed and removed on dispose.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private readonly List<Process> _nodes = [];
    private readonly string _directory;

    private RedisClusterProcess(IReadOnlyList<int> ports, string directory)
    {
        Ports = ports;
        _directory = directory;
    }

    public IReadOnlyList<int> Ports { get; }

    /// <summary>A StackExchange.Redis configuration string naming every master.</summary>
    public string ConnectionString => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisClusterProcess> StartAsync()
    {
        var cluster = new RedisClusterProcess(ClusterPorts(3), Directory.CreateTempSubdirectory("latchkey-redis-cluster-").FullName);
        try
        {
            await cluster.StartNodesAsync();
            await cluster.CreateClusterAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync();
            }

            node.Dispose();
        }

        TempRoot.DeleteQuietly(_directory);
    }

    private async Task StartNodesAsync()
    {
        foreach (var port in Ports)
        {
            var node = Path.Combine(_directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(node);
            var start = new ProcessStartInfo(RedisProcess.FindExecutable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", node, "--save", string.Empty, "--appendonly", "no",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _nodes.Add(process);
        }

        foreach (var port in Ports)
        {
            await WaitUntilAsync(async () => (await TryCommandAsync(port, "PING")).StartsWith("+PONG", StringComparison.Ordinal), $"node {port} to answer PING");
        }
    }

    private async Task CreateClusterAsync()
    {
        var create = new ProcessStartInfo(RedisProcess.FindExecutable("redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        create.ArgumentList.Add("--cluster");
        create.ArgumentList.Add("create");
        foreach (var port in Ports)
        {
            create.ArgumentList.Add($"127.0.0.1:{port}");
        }

        create.ArgumentList.Add("--cluster-replicas");
        create.ArgumentList.Add("0");
        create.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(create) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
        }

        foreach (var port in Ports)
        {
            await WaitUntilAsync(async () => (await TryCommandAsync(port, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal),
                $"node {port} to report cluster_state:ok");
        }
    }

    private static async Task<string> TryCommandAsync(int port, params string[] arguments)
    {
        try
        {
            return await Resp.CommandAsync(port, arguments);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Redis Cluster: timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Ports whose cluster-bus port (port + 10000) is free too.</summary>
    private static List<int> ClusterPorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            var port = Random.Shared.Next(20000, 30000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10000))
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
