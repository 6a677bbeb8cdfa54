namespace Latchkey.Yaml;

/// <summary>Collects the errors and warnings found while reading one config file.</summary>
internal sealed class ConfigDiagnostics(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigWarning> _warnings = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public IReadOnlyList<ConfigWarning> Warnings => _warnings;

    public bool HasErrors => _errors.Count > 0;

    public void Error(int line, string key, string message) => _errors.Add(new ConfigError(File, line, key, message));

    public void Warning(int line, string key, string message) => _warnings.Add(new ConfigWarning(File, line, key, message));
}
