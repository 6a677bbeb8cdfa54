using Latchkey.Credentials;

namespace Latchkey.Admin;

/// <summary>The small HTML page the OAuth callback shows; every dynamic value is HTML-encoded.</summary>
internal static class ConnectionCallbackPage
{
    public static Task WriteAsync(HttpContext context, int status, ConnectFlow? completed, string? error = null)
    {
        var body = completed is not null
            ? $"<h1>Connected</h1><p>Your <strong>{Encode(completed.Provider)}</strong> account is now connected to Latchkey user "
              + $"<strong>{Encode(completed.UserId)}</strong> in tenant <strong>{Encode(completed.Tenant)}</strong>.</p>"
              + "<p>If that is not you, delete the connection now. You can close this window.</p>"
            : error == ConnectFlowErrors.BrowserMismatch
            ? "<h1>Connection refused</h1><p>This connection was started in another browser. Nothing was connected. "
              + "Open the connect link in this browser and start again, and only if you asked for it yourself.</p>"
            : "<h1>Connection failed</h1><p>This link is invalid, already used or expired, or the provider refused. Start connecting again from your agent or the Latchkey API.</p>";
        return ConnectionPageHtml.WriteAsync(context, status, body);
    }

    private static string Encode(string value) => ConnectionPageHtml.Encode(value);
}
