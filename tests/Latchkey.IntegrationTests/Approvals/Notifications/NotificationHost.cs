using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>A Latchkey whose <c>approve</c> rule holds mail sends, with notification settings and a session of alice at acme.</summary>
internal static class NotificationHost
{
    public const string Section = "Latchkey:Approvals:Notifications:";

    private const string Rules = """
        rules:
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/{id}
            scopes: [email.send]
            action: approve
        """;

    public static async Task<(LatchkeyTestHost Host, CreatedSession Session)> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [Section + "PageBaseUrl"] = "https://latchkey.example.com" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, settings: all);
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.send");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.notify");
        return (host, session);
    }

    /// <summary>Sends a request the rule holds and returns its approval id.</summary>
    public static async Task<string> HoldAsync(LatchkeyTestHost host, CreatedSession session, string message = "1", string? approvalId = null)
    {
        using var response = await SendAsync(host, session, message, approvalId);
        var json = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        return json.GetProperty("approval_id").GetString()!;
    }

    public static Task<HttpResponseMessage> SendAsync(LatchkeyTestHost host, CreatedSession session, string message = "1", string? approvalId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/mail/gmail/v1/users/me/messages/{message}?format=<raw>&labels=a")
        {
            Content = new StringContent("{\"subject\":\"<b>quarterly</b> numbers\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        if (approvalId is not null)
        {
            request.Headers.Add("Latchkey-Approval", approvalId);
        }

        return host.Client.SendAsync(request);
    }

    /// <summary>Waits until the Seq stand-in has an audit event matching <paramref name="match"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForAuditAsync(LatchkeyTestHost host, Func<JsonElement, bool> match, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var found = host.Seq!.Events.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Fewer than {count} matching audit events reached the Seq stand-in.");
    }

    public static bool Is(JsonElement e, string property, string value) =>
        e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == value;
}
