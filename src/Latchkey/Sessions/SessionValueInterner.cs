using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Latchkey.Sessions;

/// <summary>
/// Shares the strings and scope sets that many sessions repeat (tenant, user, agent, the same
/// scope list), so a hundred thousand live sessions hold one copy of each instead of one per
/// session. Bounded: past <see cref="MaxEntries"/> distinct values new ones are simply not shared.
/// </summary>
internal sealed class SessionValueInterner
{
    internal const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FrozenSet<string>> _scopeSets = new(StringComparer.Ordinal);

    public string Intern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return _strings.Count < MaxEntries ? _strings.GetOrAdd(value, value) : value;
    }

    /// <summary>One frozen set per distinct list of scopes (order and duplicates do not matter).</summary>
    public FrozenSet<string> ScopeSet(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var ordered = scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = string.Join('\n', ordered);
        if (_scopeSets.TryGetValue(key, out var shared))
        {
            return shared;
        }

        var set = ordered.Select(Intern).ToFrozenSet(StringComparer.Ordinal);
        return _scopeSets.Count < MaxEntries ? _scopeSets.GetOrAdd(key, set) : set;
    }
}
