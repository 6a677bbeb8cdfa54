namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// Finds a session token's prefix (<c>lk_</c>, plain or percent-encoded) anywhere in a request a
/// fake provider received: header names and values, the raw path and query, the body. Any hit is a leak.
/// </summary>
public static class SessionTokenSightings
{
    private static readonly string[] Spellings = ["lk_", "lk%5f"];

    public static IReadOnlyList<string> In(IEnumerable<KeyValuePair<string, string>> headers, string rawTarget, string body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var sightings = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (Contains(name) || Contains(value))
            {
                sightings.Add("header " + name);
            }
        }

        if (Contains(rawTarget))
        {
            sightings.Add("path or query");
        }

        if (Contains(body))
        {
            sightings.Add("body");
        }

        return sightings;
    }

    private static bool Contains(string text) =>
        Spellings.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
}
