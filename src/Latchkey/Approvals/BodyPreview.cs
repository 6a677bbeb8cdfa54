using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latchkey.Approvals;

/// <summary>
/// Builds what a human approver sees of a held body: its text as sent (URLs and all), with only
/// values under secret-named keys and credential-shaped strings masked; the first
/// <see cref="MaxChars"/> characters with a size marker when it is longer; a size and hash for a
/// binary or content-encoded body. A body declared as JSON that is not one well-formed document,
/// or sent with two Content-Types or an unparseable one, is <see cref="BodyPreviewResult.Malformed"/>.
/// </summary>
internal static class BodyPreview
{
    public const int MaxChars = 2048;

    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/x-www-form-urlencoded", "application/xml", "application/javascript", "application/graphql",
        "application/x-ndjson", "application/yaml", "application/x-yaml",
    };

    public static BodyPreviewResult Create(ReadOnlySpan<byte> body, ReadOnlySpan<byte> sha256, StringValues contentType, string? contentEncoding)
    {
        if (body.IsEmpty)
        {
            return BodyPreviewResult.Shown(null);
        }

        // Two Content-Types, or one that cannot be parsed, leave open how the upstream reads the
        // body (JSON, with its duplicate-key check and masking, or text): refused, as the form check does.
        if (!TryReadMediaType(contentType, out var mediaType))
        {
            return BodyPreviewResult.Malformed;
        }

        // Compressed bytes cannot be read (nor safely inflated) here: the approver sees size and hash.
        var encoded = !string.IsNullOrEmpty(contentEncoding) && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase);
        if (!encoded && IsJson(mediaType))
        {
            return OfJson(body) is { } json ? BodyPreviewResult.Shown(json) : BodyPreviewResult.Malformed;
        }

        if (encoded || !IsText(mediaType) || !Utf8.IsValid(body))
        {
            return BodyPreviewResult.Shown(Binary(body.Length, sha256));
        }

        var text = Encoding.UTF8.GetString(body);
        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            return BodyPreviewResult.Shown(Binary(body.Length, sha256));
        }

        var masked = string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? QueryPreview.Mask(text) : text;
        return BodyPreviewResult.Shown(Finish(CredentialShapes.MaskAll(masked), body.Length));
    }

    /// <summary>
    /// The preview of one well-formed JSON document, masked and cut as a JSON body's is (a tool
    /// call's canonical arguments); null when it is empty or not one well-formed document.
    /// </summary>
    public static string? OfJson(ReadOnlySpan<byte> json) =>
        !json.IsEmpty && JsonBodyPreview.TryMask(json) is { } text ? Finish(text, json.Length) : null;

    /// <summary>False for more than one Content-Type or one that does not parse; <paramref name="mediaType"/> is null when none was sent.</summary>
    private static bool TryReadMediaType(StringValues contentType, out string? mediaType)
    {
        mediaType = null;
        if (contentType.Count > 1)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(contentType.ToString()))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType.ToString(), out var parsed))
        {
            return false;
        }

        mediaType = parsed.MediaType.Value;
        return true;
    }

    private static string Finish(string text, int totalBytes) => PreviewText.Cut(PreviewText.Visible(text), MaxChars, totalBytes);

    private static string Binary(int length, ReadOnlySpan<byte> sha256) =>
        string.Create(CultureInfo.InvariantCulture, $"binary body, {length} bytes, sha256 {Convert.ToHexStringLower(sha256)}");

    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    // No Content-Type: the bytes decide. Otherwise only types meant as text are shown.
    private static bool IsText(string? mediaType) =>
        mediaType is null
        || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || TextTypes.Contains(mediaType);
}
