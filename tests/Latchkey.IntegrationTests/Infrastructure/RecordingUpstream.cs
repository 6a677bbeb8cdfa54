using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>A provider stand-in on loopback that answers everything and records what it received.</summary>
public sealed class RecordingUpstream : IDisposable
{
    public RecordingUpstream()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().UsingAnyMethod())
            .AtPriority(int.MaxValue)
            .RespondWith(Response.Create()
                .WithStatusCode(200)
                .WithHeader("Content-Type", "application/json")
                .WithHeader("Set-Cookie", "provider_session=abc; Path=/")
                .WithHeader("Latchkey-Request-Id", "forged-by-upstream")
                .WithBody("{\"ok\":true}"));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Urls[0];

    public IReadOnlyList<ILogEntry> Received => Server.LogEntries.ToList();

    /// <summary>How many requests reached the upstream.</summary>
    public int Forwarded => Server.LogEntries.Count;

    public void Reset() => Server.ResetLogEntries();

    public void Dispose() => Server.Stop();
}
