using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>
/// A loopback stand-in for every notification receiver: a generic webhook at <c>/webhook</c>,
/// Slack's Web API under <c>/slack/api</c> and a Teams workflow at <c>/teams</c>. It records what
/// arrived; tests add mappings to make it fail or stall.
/// </summary>
public sealed class NotificationReceiver : IDisposable
{
    public NotificationReceiver()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/webhook").UsingPost()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200));
        Server.Given(Request.Create().WithPath("/slack/api/chat.postMessage").UsingPost()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"ok\":true,\"ts\":\"1.2\"}"));
        Server.Given(Request.Create().WithPath("/teams").UsingPost()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(202));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Urls[0];

    public IReadOnlyList<ILogEntry> Received(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == path).ToList();

    /// <summary>Waits until <paramref name="count"/> requests reached <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<ILogEntry>> WaitForAsync(string path, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var received = Received(path);
            if (received.Count >= count)
            {
                return received;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{count} request(s) to {path} did not arrive; {Received(path).Count} did.");
    }

    public static JsonElement Json(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.Clone();

    public static string Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers!.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value.ToString();

    public void Dispose() => Server.Stop();
}
