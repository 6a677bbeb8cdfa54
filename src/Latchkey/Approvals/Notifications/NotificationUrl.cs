using System.Net;

namespace Latchkey.Approvals.Notifications;

/// <summary>Which URLs a notification may go to: absolute https, or http to a loopback address (a local relay, tests).</summary>
internal static class NotificationUrl
{
    public static bool IsAcceptable(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)));

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
