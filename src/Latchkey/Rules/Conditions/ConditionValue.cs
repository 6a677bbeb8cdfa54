using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary>One value a condition reads: absent, a text (path, query, header), a JSON value (body), or unreadable.</summary>
public readonly struct ConditionValue
{
    private ConditionValue(bool present, string? text, JsonElement json, string? problem, GraphQl.GraphQlRequest? graphQl = null)
    {
        IsPresent = present;
        Text = text;
        Json = json;
        Problem = problem;
        GraphQl = graphQl;
    }

    public static ConditionValue Absent => default;

    public bool IsPresent { get; }

    /// <summary>The value of a path, query or header subject.</summary>
    public string? Text { get; }

    /// <summary>The value of a body subject, when <see cref="Text"/> is null and the value is present.</summary>
    public JsonElement Json { get; }

    /// <summary>Why the value cannot be read unambiguously; a fixed phrase.</summary>
    public string? Problem { get; }

    public bool IsUnreadable => Problem is not null;

    /// <summary>The GraphQL operation of a <c>graphql</c> condition; <see cref="Text"/> then describes it for explain.</summary>
    internal GraphQl.GraphQlRequest? GraphQl { get; }

    public bool IsJson => IsPresent && Text is null;

    public static ConditionValue Of(string text) => new(true, text, default, null);

    public static ConditionValue Of(JsonElement json) => new(true, null, json, null);

    internal static ConditionValue Of(GraphQl.GraphQlRequest request) => new(true, request.ToString(), default, null, request);

    public static ConditionValue Unreadable(string problem) => new(false, null, default, problem);

    /// <summary>The value as text when it is a text or a JSON string.</summary>
    public bool TryGetString(out string text)
    {
        if (Text is not null)
        {
            text = Text;
            return true;
        }

        if (IsJson && Json.ValueKind == JsonValueKind.String)
        {
            text = Json.GetString()!;
            return true;
        }

        text = string.Empty;
        return false;
    }
}
