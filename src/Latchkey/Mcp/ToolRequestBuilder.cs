using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Config;

namespace Latchkey.Mcp;

/// <summary>
/// Fills a tool's templates from validated arguments: each path placeholder becomes one
/// percent-encoded segment (the data plane canonicalises the result like any request), a query
/// parameter or body value whose argument is absent is left out, and <c>$email</c> builds a
/// base64url RFC 5322 message (<see cref="EmailMessage"/>).
/// </summary>
internal static class ToolRequestBuilder
{
    public static ToolRequest? Build(ToolDefinition tool, JsonObject arguments, out InvalidToolArgument? invalid)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        var target = new StringBuilder();
        foreach (var segment in tool.Path[1..].Split('/'))
        {
            target.Append('/');
            foreach (var name in ToolPlaceholders.In(segment))
            {
                var value = Scalar(arguments, name);
                if (string.IsNullOrEmpty(value) || (value is "." or ".." && ToolPlaceholders.IsWhole(segment, out _)))
                {
                    invalid = new InvalidToolArgument(name, "must be a non-empty value other than '.' and '..' (it fills a path segment)");
                    return null;
                }
            }

            // Each value is one percent-encoded piece ('/' included): an argument never adds a segment.
            target.Append(ToolPlaceholders.Pattern().Replace(segment, match => Uri.EscapeDataString(Scalar(arguments, match.Groups[1].Value)!)));
        }

        var separator = '?';
        foreach (var (name, template) in tool.Query)
        {
            foreach (var value in QueryValues(arguments, template))
            {
                target.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        byte[]? body = null;
        if (tool.Body is { } bodyTemplate)
        {
            var filled = Fill(bodyTemplate, arguments, out invalid);
            if (invalid is not null)
            {
                return null;
            }

            body = Encoding.UTF8.GetBytes(filled?.ToJsonString() ?? "null");
        }

        invalid = null;
        return new ToolRequest(tool.Method, target.ToString(), body);
    }

    private static IEnumerable<string> QueryValues(JsonObject arguments, string template)
    {
        if (ToolPlaceholders.IsWhole(template, out var whole) && arguments[whole] is JsonArray list)
        {
            // A list argument repeats the parameter (Gmail's labelIds=a&labelIds=b).
            return list.Select(item => item is JsonValue v ? Text(v) : null).OfType<string>();
        }

        var text = Interpolate(template, arguments);
        return text is null ? [] : [text];
    }

    /// <summary>The template with every placeholder replaced; null when any argument is absent or not a single value.</summary>
    private static string? Interpolate(string template, JsonObject arguments)
    {
        var missing = false;
        var text = ToolPlaceholders.Pattern().Replace(template, match =>
        {
            var value = Scalar(arguments, match.Groups[1].Value);
            missing |= value is null;
            return value ?? string.Empty;
        });
        return missing ? null : text;
    }

    private static string? Scalar(JsonObject arguments, string name) =>
        arguments.TryGetPropertyValue(name, out var node) && node is JsonValue value ? Text(value) : null;

    private static string? Text(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    /// <summary>The filled node; null for a value left out (its argument is absent).</summary>
    private static JsonNode? Fill(JsonNode? template, JsonObject arguments, out InvalidToolArgument? invalid)
    {
        invalid = null;
        switch (template)
        {
            case JsonObject email when email.Count == 1 && email[ToolEmailTemplate.Key] is JsonObject parts:
                return Email(parts, arguments, out invalid);
            case JsonObject obj:
                var filledObject = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var filled = Fill(value, arguments, out invalid);
                    if (invalid is not null)
                    {
                        return null;
                    }

                    if (filled is not null || value is null)
                    {
                        filledObject[name] = filled;
                    }
                }

                return filledObject;
            case JsonArray array:
                var filledArray = new JsonArray();
                foreach (var item in array)
                {
                    var filled = Fill(item, arguments, out invalid);
                    if (invalid is not null)
                    {
                        return null;
                    }

                    if (filled is not null)
                    {
                        filledArray.Add(filled);
                    }
                }

                return filledArray;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (ToolPlaceholders.IsWhole(text, out var whole))
                {
                    return arguments.TryGetPropertyValue(whole, out var argument) ? argument?.DeepClone() : null;
                }

                return Interpolate(text, arguments) is { } interpolated ? JsonValue.Create(interpolated) : null;
            default:
                return template?.DeepClone();
        }
    }

    private static JsonValue? Email(JsonObject parts, JsonObject arguments, out InvalidToolArgument? invalid)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in ToolEmailTemplate.PartKeys)
        {
            if (parts[part] is JsonValue template && template.GetValueKind() == JsonValueKind.String
                && Interpolate(template.GetValue<string>(), arguments) is { } value)
            {
                values[part] = value;
            }
        }

        var encoded = EmailMessage.TryEncode(values, out var badPart);
        if (encoded is null)
        {
            var field = ToolPlaceholders.In(parts[badPart!]!.GetValue<string>()).FirstOrDefault() ?? badPart!;
            invalid = new InvalidToolArgument(field, "must not contain a line break (it fills an e-mail header)");
            return null;
        }

        invalid = null;
        return JsonValue.Create(encoded);
    }
}
