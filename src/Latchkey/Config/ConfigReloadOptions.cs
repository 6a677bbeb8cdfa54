
namespace Latchkey.Config;

/// <summary>How the config files are watched after start (section <c>Latchkey:Config</c>).</summary>
public sealed class ConfigReloadOptions
{
    public const string SectionName = "Latchkey:Config";

    /// <summary>
    /// How long both files must stay unchanged (length, last write time and SHA-256 of the
    /// content) before a change is applied, so a file written in place is never live half written.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(1);
}
