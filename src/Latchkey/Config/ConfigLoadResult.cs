using System.Diagnostics.CodeAnalysis;
using Latchkey.Yaml;

namespace Latchkey.Config;

/// <summary>The outcome of loading the config folder: a snapshot, or every error found.</summary>
public sealed class ConfigLoadResult
{
    private ConfigLoadResult(ConfigSnapshot? snapshot, IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigWarning> warnings)
    {
        Snapshot = snapshot;
        Errors = errors;
        Warnings = warnings;
    }

    public ConfigSnapshot? Snapshot { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    public IReadOnlyList<ConfigWarning> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Snapshot))]
    public bool Succeeded => Snapshot is not null;

    public static ConfigLoadResult Success(ConfigSnapshot snapshot, IReadOnlyList<ConfigWarning> warnings) =>
        new(snapshot, [], warnings);

    public static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigWarning> warnings)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed load needs at least one error.", nameof(errors));
        }

        return new(null, errors, warnings);
    }
}
