using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// A Seq stand-in on a fixed loopback port that can be stopped (an outage: connections refused)
/// and started again on the same port. Keeps every CLEF event received across restarts.
/// </summary>
public sealed class RestartableSeq : IDisposable
{
    // Stopped servers are kept (not disposed) until the end: a batch Seq acknowledged while
    // shutting down is logged late, and reading the log only once at stop would miss it.
    private readonly List<WireMockServer> _stopped = [];
    private WireMockServer? _server;

    public RestartableSeq()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Start();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every CLEF event received so far, across restarts.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_stopped)
            {
                return [.. _stopped.Append(_server).SelectMany(Parse)];
            }
        }
    }

    public void Start()
    {
        lock (_stopped)
        {
            _server = WireMockServer.Start(new WireMockServerSettings { Urls = [Url] });
            _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
        }
    }

    /// <summary>Stops listening (connections refused); what was received so far stays readable.</summary>
    public void Stop()
    {
        lock (_stopped)
        {
            if (_server is not null)
            {
                _server.Stop();
                _stopped.Add(_server);
                _server = null;
            }
        }
    }

    public void Dispose()
    {
        Stop();
        foreach (var server in _stopped)
        {
            server.Dispose();
        }
    }

    private static List<JsonElement> Parse(WireMockServer? server) =>
        server is null
            ? []
            : server.LogEntries.Where(e => e.RequestMessage.Path == "/ingest/clef")
                .Select(e => e.RequestMessage.Body ?? string.Empty)
                .SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .ToList();
}
