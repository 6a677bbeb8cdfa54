namespace Latchkey.Config;

/// <summary>
/// A value from a config file that may be a secret: either a literal or <c>env:NAME</c>, read
/// from the environment when used so that rotating the variable needs no config edit.
/// <see cref="ToString"/> never prints the value.
/// </summary>
public sealed class SecretReference
{
    private const string EnvPrefix = "env:";
    private readonly string? _literal;

    private SecretReference(string? literal, string? environmentVariable)
    {
        _literal = literal;
        EnvironmentVariable = environmentVariable;
    }

    /// <summary>The variable named by <c>env:NAME</c>, or null for a literal.</summary>
    public string? EnvironmentVariable { get; }

    public static SecretReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith(EnvPrefix, StringComparison.Ordinal)
            ? new SecretReference(null, value[EnvPrefix.Length..])
            : new SecretReference(value, null);
    }

    /// <summary>The current value, or null when the named variable is unset or empty.</summary>
    public string? Resolve()
    {
        if (EnvironmentVariable is null)
        {
            return _literal;
        }

        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public override string ToString() => EnvironmentVariable is null ? "***" : EnvPrefix + EnvironmentVariable;
}
