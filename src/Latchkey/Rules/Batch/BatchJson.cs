using System.Text.Json;
using Latchkey.Rules.Conditions;
using Microsoft.Net.Http.Headers;

namespace Latchkey.Rules.Batch;

/// <summary>
/// What the JSON batch formats share: members found ignoring case (the strict reader has refused
/// names that differ only by case), no member Latchkey does not know, header maps of plain strings,
/// and a sub-request body that conditions may read only when it is JSON.
/// </summary>
internal static class BatchJson
{
    public static JsonElement Member(JsonElement target, string name)
    {
        foreach (var member in target.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return member.Value;
            }
        }

        return default;
    }

    /// <summary>True when every member of <paramref name="target"/> is one of <paramref name="known"/>: an upstream may act on one Latchkey would not judge.</summary>
    public static bool HasOnly(JsonElement target, IReadOnlyCollection<string> known)
    {
        foreach (var member in target.EnumerateObject())
        {
            if (!known.Contains(member.Name, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The array of sub-requests under <paramref name="name"/>, or why not.</summary>
    public static string? Entries(JsonElement root, string name, IReadOnlyCollection<string> rootKeys, out JsonElement entries)
    {
        entries = root.ValueKind == JsonValueKind.Object ? Member(root, name) : default;
        if (root.ValueKind != JsonValueKind.Object || !HasOnly(root, rootKeys))
        {
            return $"the batch must be an object with '{name}' and no member Latchkey does not know";
        }

        if (entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
        {
            return $"'{name}' must be a non-empty array";
        }

        return entries.GetArrayLength() > BatchLimits.MaxSubRequests
            ? $"the batch carries more than {BatchLimits.MaxSubRequests} sub-requests"
            : null;
    }

    /// <summary>A string member, or null when it is absent or not a non-empty string.</summary>
    public static string? Text(JsonElement target, string name) =>
        Member(target, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>A sub-request's header map (absent: none), or null with a problem when it is not plain, safe strings.</summary>
    public static IHeaderDictionary? Headers(JsonElement headers, out string? problem)
    {
        problem = null;
        var result = new HeaderDictionary();
        if (headers.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (headers.ValueKind != JsonValueKind.Object)
        {
            problem = "a sub-request's headers must be an object of strings";
            return null;
        }

        foreach (var header in headers.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.String)
            {
                problem = "a sub-request's headers must be an object of strings";
                return null;
            }

            problem = BatchHeaders.Add(result, header.Name, header.Value.GetString()!);
            if (problem is not null)
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>A sub-request's JSON body as conditions read it: readable only when present and (by its Content-Type, if any) JSON.</summary>
    public static InspectedBody Body(JsonElement body, IHeaderDictionary headers)
    {
        if (body.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return InspectedBody.Unreadable("the rule reads the sub-request's body, which it does not carry");
        }

        var contentType = headers.ContentType.ToString();
        return contentType.Length == 0 || (MediaTypeHeaderValue.TryParse(contentType, out var media) && IsJson(media.MediaType.Value))
            ? InspectedBody.OfPart(body)
            : InspectedBody.Unreadable("the rule reads a JSON body: the sub-request's Content-Type is not JSON");
    }

    public static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}
