using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.AspNetCore.Antiforgery;

namespace Latchkey.Admin;

/// <summary>Server-rendered HTML of the connections page: metadata only (never a token or any part of one), every value HTML-encoded.</summary>
internal static class ConnectionsPageHtml
{
    public static string List(
        AntiforgeryTokenSet tokens, ManagementCaller caller, IReadOnlyList<ConnectionRecord> connections,
        IReadOnlyDictionary<string, ProviderDefinition> providers, string? notice)
    {
        var rows = new StringBuilder();
        foreach (var connection in connections.OrderBy(c => c.Key.Provider, StringComparer.Ordinal))
        {
            var name = connection.Key.Provider;
            var revocation = ConnectionDisconnector.CanRevoke(providers.GetValueOrDefault(name))
                ? "<p>Disconnecting first revokes Latchkey's access at the provider, then deletes it here.</p>"
                : $"<p class=\"notice\" id=\"no-revocation-{E(name)}\">{E(name)} offers Latchkey no way to revoke its access: disconnecting "
                  + "deletes it here only. To end the grant itself, remove Latchkey in your account settings at the provider.</p>";
            rows.Append(CultureInfo.InvariantCulture, $"""
                <section class="approval" id="connection-{E(name)}">
                  <h2>{E(name)}</h2>
                  <p>Connected {Time(connection.ConnectedAt)} · last refreshed {(connection.RefreshedAt is { } refreshed ? Time(refreshed) : "never")}
                     · access token expires {(connection.ExpiresAt is { } expires ? Time(expires) : "(no expiry given)")}</p>
                  <p>Scopes: <code>{E(connection.Scopes.Count == 0 ? "(none recorded)" : string.Join(' ', connection.Scopes))}</code></p>
                  {revocation}
                  <form method="post" action="{ConnectionsPage.Path}/{E(Uri.EscapeDataString(name))}/disconnect" class="decide">
                    {ApprovalsPageHtml.Antiforgery(tokens)}
                    <button type="submit" class="deny" id="disconnect-{E(name)}">Disconnect</button>
                  </form>
                </section>
                """);
        }

        var connectable = new StringBuilder();
        foreach (var provider in providers.Values.Where(p => p.OAuth is { CanConnect: true }).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            connectable.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{ConnectionsPage.Path}/{E(Uri.EscapeDataString(provider.Name))}/connect" class="decide">
                  {ApprovalsPageHtml.Antiforgery(tokens)}
                  <button type="submit" id="connect-{E(provider.Name)}">Connect {E(provider.Name)}</button>
                </form>
                """);
        }

        var list = connections.Count == 0 ? "<p id=\"empty\">You have not connected any provider.</p>" : rows.ToString();
        var connect = connectable.Length == 0 ? "<p>No provider can be connected by users on this instance.</p>" : connectable.ToString();
        return ApprovalsPageHtml.Page("Your connections", $"""
            <p class="who">Signed in as <code>{E(caller.UserId)}</code> in tenant <code>{E(caller.Tenant)}</code> · <a href="{ApprovalsPage.BasePath}/approvals">Approvals</a></p>
            <form method="post" action="{ApprovalsPage.BasePath}/logout">{ApprovalsPageHtml.Antiforgery(tokens)}<button type="submit">Sign out</button></form>
            {ApprovalsPageHtml.Notice(notice)}
            {list}
            <h2>Connect a provider</h2>
            <p>You will sign in at the provider in this browser; the connection is made for you only, and only this browser can finish it.</p>
            {connect}
            """);
    }

    public static string Unavailable(string message) => ApprovalsPageHtml.Page("Try again shortly", $"<p class=\"notice\">{E(message)}</p>");

    private static string Time(DateTimeOffset value) => E(value.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture));

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
