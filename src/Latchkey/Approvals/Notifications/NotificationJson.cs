using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Serialises notification bodies. Receivers are programs, not HTML pages, so text stays text
/// (<c>&lt;</c> is sent as <c>&lt;</c>, not <c>\u003C</c>); each channel escapes for its own renderer.
/// </summary>
internal static class NotificationJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);

    /// <summary>ISO 8601 in UTC, as the rest of the API writes times.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
