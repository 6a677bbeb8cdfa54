using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Yaml;

/// <summary>
/// Strict accessor for one YAML mapping: reports unknown keys up front and wrong value shapes
/// as they are read, always with the full key path and line.
/// </summary>
internal sealed class YamlMappingReader
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMappingReader(YamlMappingNode node, string path, ConfigDiagnostics diagnostics, IReadOnlyCollection<string> allowedKeys)
    {
        Node = node;
        Path = path;
        Diagnostics = diagnostics;
        foreach (var (keyNode, value) in node.Children)
        {
            // The safety scanner has already refused non-scalar and duplicate keys.
            var key = (YamlScalarNode)keyNode;
            var name = key.Value ?? string.Empty;
            if (!allowedKeys.Contains(name))
            {
                diagnostics.Error(LineOf(key), KeyPath(name), $"unknown key (allowed here: {string.Join(", ", allowedKeys)})");
                continue;
            }

            _entries[name] = (key, value);
        }
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public ConfigDiagnostics Diagnostics { get; }

    public static int LineOf(YamlNode node) => (int)Math.Min(node.Start.Line, int.MaxValue);

    /// <summary>True for <c>key:</c>, <c>key: ~</c> and <c>key: null</c>, which mean "not given".</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string KeyPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>The line of the key, or of the mapping itself when the key is absent.</summary>
    public int LineOfKey(string key) => _entries.TryGetValue(key, out var entry) ? LineOf(entry.Key) : LineOf(Node);

    public bool Has(string key) => _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value);

    /// <summary>The key is in the mapping, even with an empty value (which <see cref="Has"/> treats as absent).</summary>
    public bool Written(string key) => _entries.ContainsKey(key);

    public string? String(string key, bool required = false)
    {
        if (!TryGet(key, required, out var value))
        {
            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            Diagnostics.Error(LineOf(value), KeyPath(key), "must be a single value, not a list or mapping");
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        if (required && text.Length == 0)
        {
            Diagnostics.Error(LineOf(value), KeyPath(key), "must not be empty");
            return null;
        }

        return text;
    }

    public YamlMappingNode? Mapping(string key, bool required = false)
    {
        if (!TryGet(key, required, out var value))
        {
            return null;
        }

        if (value is YamlMappingNode mapping)
        {
            return mapping;
        }

        Diagnostics.Error(LineOf(value), KeyPath(key), "must be a mapping of keys to values");
        return null;
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        if (!TryGet(key, required, out var value))
        {
            return null;
        }

        if (value is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Diagnostics.Error(LineOf(value), KeyPath(key), "must be a list, e.g. [a, b]");
        return null;
    }

    /// <summary>Reads a list of plain strings; each item may be checked against <paramref name="itemPattern"/>.</summary>
    public IReadOnlyList<string>? StringList(string key, bool required = false, Regex? itemPattern = null, string? patternHint = null)
    {
        var sequence = Sequence(key, required);
        if (sequence is null)
        {
            return null;
        }

        var items = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = $"{KeyPath(key)}[{i}]";
            if (item is not YamlScalarNode { Value: { Length: > 0 } text })
            {
                Diagnostics.Error(LineOf(item), itemPath, "must be a non-empty string");
                continue;
            }

            if (itemPattern is not null && !itemPattern.IsMatch(text))
            {
                Diagnostics.Error(LineOf(item), itemPath, $"'{text}' is not valid: {patternHint}");
                continue;
            }

            items.Add(text);
        }

        return items;
    }

    /// <summary>Reads a mapping of plain string keys to plain string values.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var mapping = Mapping(key);
        if (mapping is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (entryKey, entryValue) in mapping.Children)
        {
            var name = ((YamlScalarNode)entryKey).Value ?? string.Empty;
            if (entryValue is not YamlScalarNode scalar)
            {
                Diagnostics.Error(LineOf(entryValue), KeyPath(key) + "." + name, "must be a single value");
                continue;
            }

            result[name] = scalar.Value ?? string.Empty;
        }

        return result;
    }

    private bool TryGet(string key, bool required, out YamlNode value)
    {
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value))
        {
            value = entry.Value;
            return true;
        }

        if (required)
        {
            Diagnostics.Error(LineOfKey(key), KeyPath(key), "is required");
        }

        value = null!;
        return false;
    }
}
