using System.Collections;
using System.Reflection;
using Latchkey.Config;

namespace Latchkey.Tests.Config.Schemas;

/// <summary>
/// Reads the loader's own lists (known keys, presets, enums) by type and member name, so the
/// schema inventory keeps working when a type moves to another folder or namespace.
/// </summary>
internal static class LatchkeyTypes
{
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static Type Named(string name) =>
        typeof(ConfigLoader).Assembly.GetTypes().Single(t => t.Name == name && !t.IsNested);

    /// <summary>Every static <c>string[]</c> field named <c>*Keys*</c>: the keys a strict parser accepts per mapping.</summary>
    public static IReadOnlyDictionary<string, string[]> KeyLists(string parser) =>
        Named(parser).GetFields(Static)
            .Where(f => f.FieldType == typeof(string[]) && f.Name.Contains("Keys", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => (string[])f.GetValue(null)!, StringComparer.Ordinal);

    /// <summary>The strings of a static field or property that is a collection of strings or a dictionary keyed by them.</summary>
    public static IReadOnlySet<string> Strings(string type, string member)
    {
        var owner = Named(type);
        var value = (object?)owner.GetField(member, Static)?.GetValue(null) ?? owner.GetProperty(member, Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{type}.{member} not found");
        var items = value is IDictionary dictionary ? dictionary.Keys : (IEnumerable)value;
        return items.Cast<object>().Select(i => i is string s ? s : throw new InvalidOperationException($"{type}.{member} holds {i.GetType()}")).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>An enum's members as the config files spell them: <c>ClientCredentials</c> is <c>client_credentials</c>.</summary>
    public static IReadOnlySet<string> EnumSpellings(string type) =>
        Enum.GetNames(Named(type)).Select(SnakeCase).ToHashSet(StringComparer.Ordinal);

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
