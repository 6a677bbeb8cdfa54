using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Latchkey.Approvals;

/// <summary>
/// Builds what a human approver sees of a held body: at most 2 KiB of text, JSON values under
/// secret-sounding keys replaced by <c>***</c>, and long token-like strings masked anywhere.
/// </summary>
internal static partial class BodyPreview
{
    public const int MaxBytes = 2048;
    private const string Mask = "***";

    [GeneratedRegex("(token|secret|password|passwd|authorization|api[-_]?key|cookie|credential|private)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveKey();

    // Bearer tokens, JWTs, API keys: long runs of token characters.
    [GeneratedRegex("[A-Za-z0-9_\\-\\.=+/]{24,}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenLike();

    public static string? Create(ReadOnlySpan<byte> body, string? contentType, long totalLength)
    {
        if (totalLength == 0)
        {
            return null;
        }

        var head = body.Length > MaxBytes ? body[..MaxBytes] : body;
        var text = Encoding.UTF8.GetString(head);
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return $"({totalLength} bytes of binary content)";
        }

        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && totalLength <= MaxBytes && TryMaskJson(text) is { } masked)
        {
            return masked;
        }

        var preview = TokenLike().Replace(text, Mask);
        return totalLength > MaxBytes ? preview + $"… ({totalLength} bytes in all)" : preview;
    }

    private static string? TryMaskJson(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            if (node is null)
            {
                return null;
            }

            MaskNode(node);
            return TokenLike().Replace(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), Mask);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void MaskNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (SensitiveKey().IsMatch(key))
                    {
                        obj[key] = Mask;
                    }
                    else if (obj[key] is { } child)
                    {
                        MaskNode(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    MaskNode(child);
                }

                break;
        }
    }
}
