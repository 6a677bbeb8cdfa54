using System.Text.Encodings.Web;
using Latchkey.Credentials;

namespace Latchkey.Admin;

/// <summary>The small HTML page the OAuth callback shows; every dynamic value is HTML-encoded.</summary>
internal static class ConnectionCallbackPage
{
    public static Task WriteAsync(HttpContext context, int status, ConnectFlow? completed)
    {
        var body = completed is null
            ? "<h1>Connection failed</h1><p>This link is invalid, already used or expired, or the provider refused. Start connecting again from your agent or the Latchkey API.</p>"
            : $"<h1>Connected</h1><p>Your <strong>{Encode(completed.Provider)}</strong> account is now connected to Latchkey user "
              + $"<strong>{Encode(completed.UserId)}</strong> in tenant <strong>{Encode(completed.Tenant)}</strong>.</p>"
              + "<p>If that is not you, delete the connection now. You can close this window.</p>";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return context.Response.WriteAsync(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><title>Latchkey</title></head><body style=\"font-family:sans-serif\">{body}</body></html>");
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
