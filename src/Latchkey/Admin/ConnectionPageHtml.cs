using System.Text.Encodings.Web;

namespace Latchkey.Admin;

/// <summary>
/// Writes the small HTML pages of the connect flow (link page and callback) with headers that keep
/// them out of caches, frames and Referer headers; callers HTML-encode every dynamic value with <see cref="Encode"/>.
/// </summary>
internal static class ConnectionPageHtml
{
    public static Task WriteAsync(HttpContext context, int status, string bodyHtml)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";

        // No script, no framing (the Continue button must not be clickjacked), and no Referer: the
        // link page's URL is a secret that must not reach the provider.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return context.Response.WriteAsync(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><title>Latchkey</title></head><body style=\"font-family:sans-serif\">{bodyHtml}</body></html>");
    }

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
