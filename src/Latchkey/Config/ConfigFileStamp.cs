namespace Latchkey.Config;

/// <summary>Cheap fingerprint of both config files (existence, length, last write) to notice edits without reading them.</summary>
internal readonly record struct ConfigFileStamp(FileStamp Providers, FileStamp Rules)
{
    public static ConfigFileStamp Read(string configDir) => new(
        FileStamp.Read(Path.Combine(configDir, ProvidersFileParser.FileName)),
        FileStamp.Read(Path.Combine(configDir, RulesFileParser.FileName)));
}
