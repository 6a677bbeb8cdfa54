using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// An RFC 6901 JSON Pointer (<c>/message/toRecipients/0</c>), parsed at load. Member names match
/// case-insensitively: the strict reader has refused bodies with names differing only by case, so
/// the lookup is unique, and an upstream binding names case-insensitively cannot be handed a value
/// the condition did not see.
/// </summary>
internal sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The last reference token, for deciding whether the value is secret-named.</summary>
    public string LastToken => _tokens.Length == 0 ? string.Empty : _tokens[^1];

    public static JsonPointer? TryParse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            error = "a JSON Pointer starts with '/' (RFC 6901), e.g. /channel";
            return null;
        }

        var raw = text[1..].Split('/');
        var tokens = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var token = raw[i];
            for (var k = token.IndexOf('~'); k >= 0; k = token.IndexOf('~', k + 1))
            {
                if (k + 1 >= token.Length || (token[k + 1] != '0' && token[k + 1] != '1'))
                {
                    error = "'~' must be followed by 0 or 1 in a JSON Pointer (RFC 6901)";
                    return null;
                }
            }

            tokens[i] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return new JsonPointer(text, tokens);
    }

    public ConditionValue Resolve(JsonElement root)
    {
        var current = root;
        foreach (var token in _tokens)
        {
            switch (current.ValueKind)
            {
                case JsonValueKind.Object:
                    if (!TryGetMember(current, token, out current))
                    {
                        return ConditionValue.Absent;
                    }

                    break;
                case JsonValueKind.Array:
                    if (!TryIndex(token, out var index) || index >= current.GetArrayLength())
                    {
                        return ConditionValue.Absent;
                    }

                    current = current[index];
                    break;
                default:
                    return ConditionValue.Absent;
            }
        }

        return ConditionValue.Of(current);
    }

    private static bool TryGetMember(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    // RFC 6901 §4: an array index is 0 or digits without a leading zero; '-' names no element.
    private static bool TryIndex(string token, out int index)
    {
        index = 0;
        if (token.Length == 0 || token.Length > 9 || (token.Length > 1 && token[0] == '0'))
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }
}
