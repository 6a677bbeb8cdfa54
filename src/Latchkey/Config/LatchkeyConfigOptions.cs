
namespace Latchkey.Config;

/// <summary>Where the config files live (<c>Latchkey:ConfigDir</c>).</summary>
public sealed class LatchkeyConfigOptions
{
    /// <summary>The settings' root section: <c>ConfigDir</c> sits directly under it.</summary>
    public const string SectionName = "Latchkey";

    /// <summary>Folder holding providers.yaml and rules.yaml; relative paths resolve against the content root.</summary>
    public string ConfigDir { get; set; } = "config";
}
