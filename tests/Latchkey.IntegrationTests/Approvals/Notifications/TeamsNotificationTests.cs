using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals.Notifications;

/// <summary>Microsoft Teams end to end: the workflow webhook receives an Adaptive Card with the facts and the page link.</summary>
public sealed class TeamsNotificationTests : IDisposable
{
    private readonly NotificationReceiver _receiver = new();

    [Fact]
    public async Task The_workflow_receives_an_adaptive_card_with_the_facts_and_a_link_to_the_page()
    {
        var (host, session) = await NotificationHost.StartAsync(new Dictionary<string, string?>
        {
            [NotificationHost.Section + "Teams:WebhookUrl"] = _receiver.Url + "/teams?sig=teams-url-signature-secret",
        });
        await using var _ = host;

        var approvalId = await NotificationHost.HoldAsync(host, session);

        var posted = Assert.Single(await _receiver.WaitForAsync("/teams"));
        var attachment = NotificationReceiver.Json(posted).GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        var runs = card.GetProperty("body").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "RichTextBlock")
            .SelectMany(b => b.GetProperty("inlines").EnumerateArray()).Select(r => r.GetProperty("text").GetString()).ToList();
        foreach (var fact in new[] { "POST", "mail", "/gmail/v1/users/me/messages/1", "mail.send", "bot", "alice", "acme", approvalId })
        {
            Assert.Contains(fact, runs);
        }

        Assert.Contains(runs, r => r!.Contains("<b>quarterly</b>", StringComparison.Ordinal));
        Assert.Equal("https://latchkey.example.com/v1/ui/approvals", card.GetProperty("actions")[0].GetProperty("url").GetString());
        Assert.DoesNotContain(session.Token, posted.RequestMessage.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain("teams-url-signature-secret", await host.EmittedTextAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _receiver.Dispose();
}
