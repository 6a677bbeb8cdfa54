using Latchkey.Credentials;
using Latchkey.Hosting;

namespace Latchkey.Admin;

/// <summary>
/// The cookie that binds a connect flow to the browser that opened its link: set by the link page,
/// proven by that page's form, checked at <c>/oauth/callback</c>. One cookie per flow, so a user may
/// connect two providers at once; HttpOnly, SameSite=Lax (the provider's redirect back is a top-level
/// GET), Secure with a <c>__Host-</c> name when Latchkey is served over https, and gone with the flow.
/// </summary>
internal static class ConnectionBrowserCookie
{
    private const string FormProofPrefix = "latchkey-connect-form:";

    public static string NameFor(string flowId, PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);

        // __Host- forbids Domain and requires Secure and Path=/: a sibling subdomain cannot plant one.
        return (publicUrl.IsHttps ? "__Host-latchkey_connect_" : "latchkey_connect_") + flowId;
    }

    /// <summary>This browser's secret for the flow, or null when it holds none.</summary>
    public static string? Read(HttpContext context, string flowId, PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Cookies[NameFor(flowId, publicUrl)];
        return string.IsNullOrEmpty(value) || value.Length > 64 ? null : value;
    }

    public static void Write(HttpContext context, ConnectFlow flow, string secret, PublicUrl publicUrl, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(time);
        var lifetime = flow.ExpiresAt - time.GetUtcNow();
        context.Response.Cookies.Append(NameFor(flow.Id, publicUrl), secret, Options(publicUrl, lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero));
    }

    public static void Delete(HttpContext context, string flowId, PublicUrl publicUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(NameFor(flowId, publicUrl), Options(publicUrl, null));
    }

    /// <summary>The hidden form field that proves a POST came from the link page this browser was shown.</summary>
    public static string FormProofOf(string secret) => PkceValues.HashOf(FormProofPrefix + secret);

    public static bool IsFormProof(string candidate, string secret) =>
        PkceValues.MatchesHash(FormProofPrefix + secret, candidate) && candidate.Length > 0;

    private static CookieOptions Options(PublicUrl publicUrl, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = publicUrl.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
