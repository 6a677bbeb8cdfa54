using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Yaml;

namespace Latchkey.Config;

/// <summary>
/// The config files (providers, rules and the optional tools) read at one moment, with what the
/// watcher compares across its settle window: each file's length and last write time, and a
/// SHA-256 over all their contents.
/// </summary>
internal sealed class ConfigFileSet
{
    public ConfigFileSet(ConfigFileContent providers, ConfigFileContent rules, ConfigFileContent? tools = null)
    {
        Providers = providers;
        Rules = rules;
        Tools = tools ?? ConfigFileContent.FromBytes(ToolsFileParser.FileName, []);
        Version = providers.Bytes is { } p && rules.Bytes is { } r && Tools.Bytes is { } t ? ConfigLoader.ComputeVersion(p, r, t) : null;
        ContentKey = Version ?? string.Join("\n", new[] { providers.ReadError, rules.ReadError, Tools.ReadError }.OfType<ConfigError>());
    }

    public ConfigFileContent Providers { get; }

    public ConfigFileContent Rules { get; }

    /// <summary><c>tools.yaml</c>, optional: absent reads as empty (no MCP tools).</summary>
    public ConfigFileContent Tools { get; }

    /// <summary>The version a snapshot of these files would carry; null when a file could not be read.</summary>
    public string? Version { get; }

    /// <summary>Identifies what was read: the content hash, or the read errors.</summary>
    public string ContentKey { get; }

    /// <summary>True when a file changed while it was read: this read proves nothing about stability.</summary>
    public bool ChangedWhileRead => Providers.ChangedWhileRead || Rules.ChangedWhileRead || Tools.ChangedWhileRead;

    public static ConfigFileSet Read(string configDir) => new(
        ConfigFileContent.Read(configDir, ProvidersFileParser.FileName),
        ConfigFileContent.Read(configDir, RulesFileParser.FileName),
        ConfigFileContent.ReadOptional(configDir, ToolsFileParser.FileName));

    /// <summary>Same lengths, same last write times and same content hash, both read cleanly.</summary>
    public bool SameAs(ConfigFileSet? other) =>
        other is not null && !ChangedWhileRead && !other.ChangedWhileRead
        && Providers.Stamp == other.Providers.Stamp && Rules.Stamp == other.Rules.Stamp && Tools.Stamp == other.Tools.Stamp
        && string.Equals(ContentKey, other.ContentKey, StringComparison.Ordinal);
}
