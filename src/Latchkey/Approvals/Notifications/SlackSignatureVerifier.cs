using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Verifies a request from Slack (https://api.slack.com/authentication/verifying-requests-from-slack):
/// <c>X-Slack-Signature: v0=&lt;hex&gt;</c> is HMAC-SHA256 with the app's signing secret over
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>, compared in constant time; a timestamp more
/// than five minutes away is refused, so a captured callback cannot be replayed later.
/// </summary>
internal sealed class SlackSignatureVerifier
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private const string VersionPrefix = "v0=";
    private readonly TimeProvider _time;

    public SlackSignatureVerifier(TimeProvider time) => _time = time;

    public SlackSignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature is null || !signature.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            return SlackSignatureCheck.Missing;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > MaxSkew.TotalSeconds)
        {
            return SlackSignatureCheck.Stale;
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(signature.AsSpan(VersionPrefix.Length));
        }
        catch (FormatException)
        {
            return SlackSignatureCheck.Invalid;
        }

        return CryptographicOperations.FixedTimeEquals(claimed, Compute(signingSecret, timestamp!, body))
            ? SlackSignatureCheck.Valid
            : SlackSignatureCheck.Invalid;
    }

    /// <summary>The raw HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static byte[] Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes("v0:" + timestamp + ":");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), signed);
    }
}
