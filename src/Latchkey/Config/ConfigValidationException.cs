using Latchkey.Yaml;

namespace Latchkey.Config;

/// <summary>Thrown at startup when the config folder is invalid, so the process refuses to start.</summary>
public sealed class ConfigValidationException : Exception
{
    public ConfigValidationException()
        : this([])
    {
    }

    public ConfigValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ConfigValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ConfigValidationException(IReadOnlyList<ConfigError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<ConfigError> errors) =>
        "The Latchkey configuration is invalid:" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
