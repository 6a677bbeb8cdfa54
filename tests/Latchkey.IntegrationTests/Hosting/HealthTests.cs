using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_when_config_store_and_audit_are_fine()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);

        using var health = await host.Client.GetAsync("/healthz");
        using var ready = await host.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.True(health.Headers.Contains("Latchkey-Request-Id"));
    }

    [Fact]
    public async Task Unwritable_audit_buffer_fails_requests_closed_and_readyz_reports_it()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.audit");

        // Replace the buffer folder with a file: the open segment is gone from where it belongs.
        var audit = Path.Combine(host.Root, "audit");
        Directory.Move(audit, audit + ".moved");
        await File.WriteAllTextAsync(audit, "not a folder");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpResponseMessage refused;
        while (true)
        {
            refused = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            if (refused.StatusCode == HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                break;
            }

            refused.Dispose();
            await Task.Delay(100);
        }

        await ErrorAssert.IsErrorAsync(refused, 503, "audit_unavailable");
        refused.Dispose();
        var forwardedBefore = host.Upstream.Received.Count;
        using var again = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
        using var ready = await host.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(forwardedBefore, host.Upstream.Received.Count);

        // Put the folder back: the buffer recovers without a restart.
        File.Delete(audit);
        Directory.Move(audit + ".moved", audit);
        var recovered = false;
        for (var i = 0; i < 50 && !recovered; i++)
        {
            await Task.Delay(100);
            using var response = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", session.Token);
            recovered = response.StatusCode == HttpStatusCode.OK;
        }

        Assert.True(recovered, "the audit buffer did not recover");
    }
}
