using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>A Seq stand-in: accepts CLEF posts on <c>/ingest/clef</c> and keeps every payload.</summary>
public sealed class SeqStandIn : IDisposable
{
    public SeqStandIn()
    {
        Server = WireMockServer.Start();
        // Latchkey's audit shipper posts to /ingest/clef; Serilog's Seq sink (application
        // events) may use the older /api/events/raw endpoint. Both are captured.
        Server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Urls[0];

    /// <summary>Every raw payload posted so far, to any path.</summary>
    public IReadOnlyList<string> Payloads =>
        Server.LogEntries.Select(e => e.RequestMessage.Body ?? string.Empty).ToList();

    /// <summary>Every CLEF event posted to <c>/ingest/clef</c> so far, parsed.</summary>
    public IReadOnlyList<JsonElement> Events =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/ingest/clef")
            .Select(e => e.RequestMessage.Body ?? string.Empty)
            .SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    public void Dispose() => Server.Stop();
}
