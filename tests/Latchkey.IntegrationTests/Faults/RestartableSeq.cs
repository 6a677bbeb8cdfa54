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
    private readonly List<JsonElement> _events = [];
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

    /// <summary>Every CLEF event received so far, including before any restart.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events, .. Parse(_server)];
            }
        }
    }

    public void Start()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [Url] });
        _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
    }

    /// <summary>Stops listening; what was received so far is kept.</summary>
    public void Stop()
    {
        // Stop first: a batch acknowledged between reading the log and stopping would be lost from view.
        _server?.Stop();
        lock (_events)
        {
            _events.AddRange(Parse(_server));
        }

        _server?.Dispose();
        _server = null;
    }

    public void Dispose() => Stop();

    private static List<JsonElement> Parse(WireMockServer? server) =>
        server is null
            ? []
            : server.LogEntries.Where(e => e.RequestMessage.Path == "/ingest/clef")
                .Select(e => e.RequestMessage.Body ?? string.Empty)
                .SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .ToList();
}
