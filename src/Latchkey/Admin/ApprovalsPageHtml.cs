using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Latchkey.Approvals;
using Microsoft.AspNetCore.Antiforgery;

namespace Latchkey.Admin;

/// <summary>Server-rendered HTML of the approvals page; every value is HTML-encoded.</summary>
internal static class ApprovalsPageHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string SignIn(AntiforgeryTokenSet tokens, string? notice, bool identityProvider, bool tokenPaste) => Page("Sign in", $"""
        {Notice(notice)}
        {(identityProvider ? $"<p><a href=\"{Latchkey.Admin.SignIn.UiSignInDefaults.SignInPath}\" id=\"sign-in-idp\">Sign in with your organisation</a></p>" : string.Empty)}
        {(tokenPaste ? PasteForm(tokens) : string.Empty)}
        """);

    private static string PasteForm(AntiforgeryTokenSet tokens) => $"""
        <form method="post" action="{ApprovalsPage.BasePath}/login">
          {Antiforgery(tokens)}
          <label for="token">Management token (JWT)</label>
          <textarea id="token" name="token" rows="4" required></textarea>
          <button type="submit" id="sign-in">Sign in</button>
        </form>
        """;

    public static string List(AntiforgeryTokenSet tokens, ManagementCaller caller, IReadOnlyList<ApprovalRecord> pending, string? notice)
    {
        var rows = new StringBuilder();
        foreach (var approval in pending)
        {
            var canDecide = caller.IsAdmin || approval.UserId == caller.UserId;
            rows.Append(CultureInfo.InvariantCulture, $"""
                <section class="approval" id="{E(approval.Id)}">
                  <h2><span class="method">{E(approval.Method)}</span> {E(approval.Provider)}</h2>
                  <pre class="target">{E(approval.Path + approval.Query)}</pre>
                  <p>Rule <code>{E(approval.RuleId)}</code> · agent <code>{E(approval.AgentId)}</code> for user <code>{E(approval.UserId)}</code>
                     · expires {E(approval.ExpiresAt.ToString("u", CultureInfo.InvariantCulture))}</p>
                  <p>Body: {E(approval.BodyLength.ToString(CultureInfo.InvariantCulture))} bytes{ContentHeaders(approval)}</p>
                  {ToolCall(approval)}<pre class="body">{E(approval.BodyPreview ?? "(no body)")}</pre>
                """);
            if (canDecide)
            {
                foreach (var (verb, label) in new[] { ("approve", "Approve"), ("deny", "Deny") })
                {
                    rows.Append(CultureInfo.InvariantCulture, $"""
                        <form method="post" action="{ApprovalsPage.BasePath}/approvals/{E(approval.Id)}/{verb}" class="decide">
                          {Antiforgery(tokens)}
                          <input type="text" name="justification" maxlength="1000" placeholder="Justification (optional)">
                          <button type="submit" class="{verb}" id="{verb}-{E(approval.Id)}">{label}</button>
                        </form>
                        """);
                }
            }

            rows.Append("</section>");
        }

        var body = pending.Count == 0 ? "<p id=\"empty\">Nothing is waiting for approval.</p>" : rows.ToString();
        return Page("Pending approvals", $"""
            <p class="who">Signed in as <code>{E(caller.UserId)}</code> in tenant <code>{E(caller.Tenant)}</code> · <a href="{ConnectionsPage.Path}" id="connections-link">Your connections</a></p>
            <form method="post" action="{ApprovalsPage.BasePath}/logout">{Antiforgery(tokens)}<button type="submit">Sign out</button></form>
            {Notice(notice)}
            {body}
            """);
    }

    internal static string Page(string title, string content) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Latchkey — {{E(title)}}</title>
        <style>
          body { font: 15px/1.4 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
          code, pre { font-family: ui-monospace, monospace; }
          pre.body, pre.target, pre.arguments { background: #f4f4f4; padding: .5rem; overflow: auto; max-height: 16rem; white-space: pre-wrap; overflow-wrap: anywhere; }
          section.approval { border: 1px solid #ccc; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
          form.decide { display: inline-block; margin-right: 1rem; }
          .notice { background: #eef; padding: .5rem; }
          textarea { width: 100%; }
          button.approve { background: #2a7; color: #fff; } button.deny { background: #c33; color: #fff; }
        </style>
        </head>
        <body>
        <h1>{{E(title)}}</h1>
        {{content}}
        </body>
        </html>
        """;

    // A tool call's arguments come first: its body may carry them only encoded (gmail_send_message's base64url "raw").
    private static string ToolCall(ApprovalRecord approval) => approval.Tool is null
        ? string.Empty
        : $"<p>Tool <code>{E(approval.Tool)}</code>, arguments:</p><pre class=\"arguments\">{E(approval.ArgumentsPreview ?? "{}")}</pre>";

    private static string ContentHeaders(ApprovalRecord approval) =>
        (approval.ContentType is null ? string.Empty : $" · Content-Type <code>{E(approval.ContentType)}</code>")
        + (approval.ContentEncoding is null ? string.Empty : $" · Content-Encoding <code>{E(approval.ContentEncoding)}</code>");

    internal static string Antiforgery(AntiforgeryTokenSet tokens) =>
        $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken ?? string.Empty)}\">";

    internal static string Notice(string? notice) => notice is null ? string.Empty : $"<p class=\"notice\" id=\"notice\">{E(notice)}</p>";

    private static string E(string value) => Html.Encode(value);
}
