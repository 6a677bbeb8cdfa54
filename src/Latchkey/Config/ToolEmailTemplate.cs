using System.Text.Json.Nodes;

namespace Latchkey.Config;

/// <summary>
/// The <c>$email</c> body template of <c>tools.yaml</c> (docs/mcp.md): an object whose only member
/// is <c>$email</c>, naming the message's parts as text templates. Checked at load, so a part the
/// builder does not know (<c>bcc</c>, <c>subjet</c>) is an error rather than a header silently
/// left out of the message.
/// </summary>
internal static class ToolEmailTemplate
{
    public const string Key = "$email";

    /// <summary>The parts a message may name (the schema's <c>email</c> object).</summary>
    public static readonly string[] PartKeys = ["to", "cc", "subject", "text"];

    /// <summary>The one member of the object that stands for the message (the schema's <c>$email</c> wrapper).</summary>
    public static readonly string[] WrapperKeys = [Key];

    /// <summary>What is wrong with each <c>$email</c> in <paramref name="body"/> (where, under <c>body</c>, and what); empty when nothing is.</summary>
    public static IEnumerable<(string Where, string What)> Problems(JsonNode? body, string path = "body")
    {
        switch (body)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var at = path + "." + name;
                    if (name != Key)
                    {
                        foreach (var problem in Problems(value, at))
                        {
                            yield return problem;
                        }

                        continue;
                    }

                    if (obj.Count != 1)
                    {
                        yield return (at, "must be the only member of its object (it stands for the whole encoded message)");
                    }

                    if (value is not JsonObject parts)
                    {
                        yield return (at, $"must be a mapping of {string.Join(", ", PartKeys)}");
                        continue;
                    }

                    foreach (var (part, template) in parts)
                    {
                        if (!PartKeys.Contains(part, StringComparer.Ordinal))
                        {
                            yield return ($"{at}.{part}", $"unknown part (known: {string.Join(", ", PartKeys)})");
                        }
                        else if (template is not JsonValue text || text.GetValueKind() != System.Text.Json.JsonValueKind.String)
                        {
                            yield return ($"{at}.{part}", "must be a text template");
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var problem in Problems(array[i], $"{path}[{i}]"))
                    {
                        yield return problem;
                    }
                }

                break;
        }
    }
}
