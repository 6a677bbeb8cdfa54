using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// Reads a request body for conditions only when no upstream could read it another way: an
/// uncompressed <c>application/json</c> (or <c>+json</c>) body in UTF-8 without a byte order mark,
/// holding exactly one JSON document at most <see cref="MaxDepth"/> levels deep, with no member
/// name given twice in an object (compared ignoring case, as lenient binders compare them), no
/// lone surrogate escape and no number outside the range of a double. Anything else is
/// unreadable, with a fixed phrase that never echoes the body.
/// </summary>
public static class StrictJsonBody
{
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static InspectedBody Read(ReadOnlyMemory<byte> body, string? contentType, StringValues contentEncoding)
    {
        var problem = HeaderProblem(contentType, contentEncoding) ?? ContentProblem(body.Span);
        return problem is null ? InspectedBody.Of(JsonDocument.Parse(body, DocumentOptions)) : InspectedBody.Unreadable(problem);
    }

    private static string? HeaderProblem(string? contentType, StringValues contentEncoding)
    {
        foreach (var encoding in contentEncoding)
        {
            if (!string.IsNullOrWhiteSpace(encoding) && !encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return "a body with a Content-Encoding cannot be inspected; send it uncompressed";
            }
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                    && media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
        {
            return "the rule reads a JSON body: send Content-Type: application/json";
        }

        var charset = media.Charset.HasValue ? HeaderUtilities.RemoveQuotes(media.Charset).ToString() : null;
        return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? null
            : "the rule reads a JSON body, which must be UTF-8";
    }

    private static string? ContentProblem(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "the rule reads the request body, which is empty";
        }

        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            return "the JSON body starts with a byte order mark";
        }

        if (!Utf8.IsValid(body))
        {
            return "the JSON body is not valid UTF-8";
        }

        try
        {
            return StructureProblem(body);
        }
        catch (JsonException)
        {
            return $"the body is not exactly one well-formed JSON document of at most {MaxDepth} levels";
        }
        catch (InvalidOperationException)
        {
            // GetString on a lone surrogate escape such as \ud800.
            return "the JSON body holds an escape that is not a Unicode character";
        }
    }

    private static string? StructureProblem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        var names = new Stack<HashSet<string>>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    names.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    break;
                case JsonTokenType.EndObject:
                    names.Pop();
                    break;
                case JsonTokenType.PropertyName when !names.Peek().Add(reader.GetString()!):
                    return "the JSON body gives a member name twice in one object (compared ignoring case)";
                case JsonTokenType.String:
                    _ = reader.GetString();
                    break;
                case JsonTokenType.Number when !reader.TryGetDouble(out var number) || !double.IsFinite(number):
                    return "the JSON body holds a number outside the range every reader agrees on";
            }
        }

        return null;
    }
}
