using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// The generic webhook's signature header, <c>Latchkey-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>,
/// where v1 is HMAC-SHA256 with the shared secret over <c>t + "." + body</c> (the body's exact bytes).
/// The timestamp lets a receiver refuse replays older than a few minutes.
/// </summary>
internal static class WebhookSignature
{
    public const string HeaderName = "Latchkey-Signature";
    public const string DeliveryHeaderName = "Latchkey-Delivery";

    public static string Create(string secret, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Compute(secret, timestamp, body)}";
    }

    /// <summary>Hex HMAC-SHA256 of <c>timestamp + "." + body</c>.</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
