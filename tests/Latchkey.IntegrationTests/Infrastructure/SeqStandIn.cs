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

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived (15 s by default) and returns it.</summary>
    public async Task<JsonElement> WaitForEventAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = Events.FirstOrDefault(match);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("No matching event reached the Seq stand-in.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until a payload containing <paramref name="text"/> has arrived (15 s by default).</summary>
    public async Task WaitForPayloadContainingAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!Payloads.Any(p => p.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("No payload with the expected text reached the Seq stand-in.");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => Server.Stop();
}
