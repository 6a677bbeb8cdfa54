namespace Latchkey.Providers;

/// <summary>
/// One entry of a provider's <c>session_token_from</c>: <c>authorization</c>, <c>x-api-key</c>,
/// <c>api-key</c>, <c>x-goog-api-key</c> or <c>query:&lt;name&gt;</c>.
/// </summary>
/// <param name="Kind">Which part of the request.</param>
/// <param name="Name">The header or query parameter name; <c>Authorization</c> for that kind.</param>
public sealed record SessionTokenSource(SessionTokenSourceKind Kind, string Name)
{
    public const string QueryPrefix = "query:";

    /// <summary>The header names an SDK puts an API key in; anything else is a typo or a custom scheme.</summary>
    public static readonly IReadOnlyList<string> HeaderNames = ["x-api-key", "api-key", "x-goog-api-key"];

    public static SessionTokenSource Authorization { get; } = new(SessionTokenSourceKind.Authorization, "Authorization");

    /// <summary>What a provider without <c>session_token_from</c> (and without a preset default) accepts.</summary>
    public static IReadOnlyList<SessionTokenSource> Default { get; } = [Authorization];

    /// <summary>The source a providers.yaml value names, or null when it names none.</summary>
    public static SessionTokenSource? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value == "authorization")
        {
            return Authorization;
        }

        if (HeaderNames.Contains(value))
        {
            return new SessionTokenSource(SessionTokenSourceKind.Header, value);
        }

        if (value.StartsWith(QueryPrefix, StringComparison.Ordinal))
        {
            var name = value[QueryPrefix.Length..];
            return name.Length is > 0 and <= 64 && name.All(IsQueryNameChar) ? new SessionTokenSource(SessionTokenSourceKind.Query, name) : null;
        }

        return null;
    }

    public override string ToString() => Kind switch
    {
        SessionTokenSourceKind.Authorization => "authorization",
        SessionTokenSourceKind.Query => QueryPrefix + Name,
        _ => Name,
    };

    // Unreserved characters only: the parameter is matched against the raw query without decoding its name.
    private static bool IsQueryNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';
}
