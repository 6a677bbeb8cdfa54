namespace Latchkey.Providers;

/// <summary>
/// A value from a config file that may be a secret: a literal, <c>env:NAME</c> (read from the
/// environment when used, so rotating the variable needs no config edit), or
/// <c>keyvault:https://&lt;vault&gt;/secrets/&lt;name&gt;</c> (read from Azure Key Vault by
/// <c>Credentials/ISecretResolver</c>). <see cref="ToString"/> never prints a value.
/// </summary>
public sealed class SecretReference
{
    private const string EnvPrefix = "env:";
    private const string KeyVaultPrefix = "keyvault:";
    private readonly string? _literal;

    private SecretReference(string? literal, string? environmentVariable, string? keyVaultSecret)
    {
        _literal = literal;
        EnvironmentVariable = environmentVariable;
        KeyVaultSecret = keyVaultSecret;
    }

    /// <summary>The variable named by <c>env:NAME</c>, or null.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>The secret URL named by <c>keyvault:URL</c>, or null.</summary>
    public string? KeyVaultSecret { get; }

    public static SecretReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            return new SecretReference(null, value[EnvPrefix.Length..], null);
        }

        return value.StartsWith(KeyVaultPrefix, StringComparison.Ordinal)
            ? new SecretReference(null, null, value[KeyVaultPrefix.Length..])
            : new SecretReference(value, null, null);
    }

    /// <summary>
    /// A value known at run time (a client an authorization server registered), never read as
    /// <c>env:</c> or <c>keyvault:</c>: a server could otherwise name a variable for Latchkey to send.
    /// </summary>
    public static SecretReference Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new SecretReference(value, null, null);
    }

    /// <summary>
    /// The current value of a literal or <c>env:</c> reference, or null when the variable is
    /// unset or empty. Key Vault references are resolved asynchronously by the secret resolver.
    /// </summary>
    public string? Resolve()
    {
        if (KeyVaultSecret is not null)
        {
            return null;
        }

        if (EnvironmentVariable is null)
        {
            return _literal;
        }

        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public override string ToString() =>
        EnvironmentVariable is not null ? EnvPrefix + EnvironmentVariable
        : KeyVaultSecret is not null ? KeyVaultPrefix + KeyVaultSecret
        : "***";
}
