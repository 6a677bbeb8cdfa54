using System.Text.Json.Nodes;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// The Teams workflow message: an Adaptive Card with the approval's facts, its body preview and a
/// button to the approvals page. Request-controlled text goes only into <c>TextRun</c>s, which
/// Teams renders as plain text (a <c>TextBlock</c> would render Markdown links from a body).
/// </summary>
internal static class TeamsCard
{
    public static byte[] Create(ApprovalNotice notice)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = "Approval needed",
                ["size"] = "Large",
                ["weight"] = "Bolder",
            },
        };
        foreach (var (label, value) in NoticeFacts.Of(notice))
        {
            body.Add(Line(Run(label + ": ", bold: true), Run(value)));
        }

        body.Add(Line(Run("Body preview", bold: true)));
        body.Add(Line(new JsonObject { ["type"] = "TextRun", ["text"] = NoticeFacts.Body(notice), ["fontType"] = "Monospace" }));
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open approvals page", ["url"] = notice.PageUrl },
            },
        };
        return NotificationJson.ToUtf8(new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card },
            },
        });
    }

    private static JsonObject Line(params JsonObject[] runs) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JsonArray(runs),
    };

    private static JsonObject Run(string text, bool bold = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = text };
        if (bold)
        {
            run["weight"] = "Bolder";
        }

        return run;
    }
}
