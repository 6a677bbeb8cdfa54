using System.Text;
using System.Text.Json;

namespace Latchkey.Approvals;

/// <summary>
/// Reads a whole JSON body once, strictly (one document, UTF-8, at most 64 levels, no duplicate
/// keys, however escaped), and returns its text as sent except that values under secret-named
/// keys are replaced by <c>"***"</c>, credential-shaped strings by <c>***</c> inside their string, and escaped strings are shown
/// as the text they stand for (<see cref="JsonStringText"/>). A body that
/// an upstream could read two ways, or not at all, gets no preview: the caller refuses it.
/// </summary>
internal static class JsonBodyPreview
{
    private const string MaskedValue = "\"" + CredentialShapes.Mask + "\"";

    /// <summary>The masked text, or null when the body is not one well-formed JSON document.</summary>
    public static string? TryMask(ReadOnlySpan<byte> body)
    {
        try
        {
            return Mask(body);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // GetString on invalid UTF-8 or a lone surrogate escape (\ud800).
            return null;
        }
    }

    private static string? Mask(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        var edits = new List<(int Start, int Length, string Replacement)>();
        var keys = new Stack<HashSet<string>>();
        var secretKey = false;
        var maskedDepth = -1;
        var maskedStart = 0;
        var sawToken = false;
        while (reader.Read())
        {
            sawToken = true;
            var start = (int)reader.TokenStartIndex;
            var inMasked = maskedDepth >= 0;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                    }

                    if (secretKey && !inMasked)
                    {
                        (maskedDepth, maskedStart) = (reader.CurrentDepth, start);
                    }

                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        keys.Pop();
                    }

                    if (reader.CurrentDepth == maskedDepth)
                    {
                        edits.Add((maskedStart, (int)reader.BytesConsumed - maskedStart, MaskedValue));
                        maskedDepth = -1;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (!keys.Peek().Add(name))
                    {
                        return null;
                    }

                    if (!inMasked && (reader.ValueIsEscaped || CredentialShapes.Contains(name)))
                    {
                        edits.Add((start, reader.ValueSpan.Length + 2, Shown(name)));
                    }

                    secretKey = SecretNames.IsSecret(name);
                    continue;
                case JsonTokenType.String:
                    var value = reader.GetString()!;
                    if (!inMasked && (secretKey || reader.ValueIsEscaped || CredentialShapes.Contains(value)))
                    {
                        edits.Add((start, reader.ValueSpan.Length + 2, secretKey ? MaskedValue : Shown(value)));
                    }

                    break;
                case JsonTokenType.Number:
                    if (!inMasked && secretKey)
                    {
                        edits.Add((start, reader.ValueSpan.Length, MaskedValue));
                    }

                    break;
            }

            secretKey = false;
        }

        return sawToken ? Apply(body, edits) : null;
    }

    // Masked in the decoded text, so an escape (\u0067hp_...) cannot hide a shape; only the credential goes.
    private static string Shown(string text) => JsonStringText.Quote(CredentialShapes.MaskAll(text));

    private static string Apply(ReadOnlySpan<byte> body, List<(int Start, int Length, string Replacement)> edits)
    {
        var text = new StringBuilder(body.Length);
        var position = 0;
        foreach (var (start, length, replacement) in edits)
        {
            text.Append(Encoding.UTF8.GetString(body[position..start])).Append(replacement);
            position = start + length;
        }

        return text.Append(Encoding.UTF8.GetString(body[position..])).ToString();
    }
}
