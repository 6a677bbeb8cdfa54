using System.Text.RegularExpressions;
using Latchkey.Rules;
using Latchkey.Yaml;

namespace Latchkey.Providers;

/// <summary>Value-level checks shared by both config files (URLs, secrets, headers, enums).</summary>
internal static partial class ConfigValueChecks
{
    private static readonly HashSet<string> ForbiddenInjectHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Cookie",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariableName();

    /// <summary>Parses <c>user</c> / <c>agent</c>; reports anything else.</summary>
    public static CredentialMode? Credential(YamlMappingReader reader, string key)
    {
        var text = reader.String(key);
        switch (text)
        {
            case null:
                return null;
            case "user":
                return CredentialMode.User;
            case "agent":
                return CredentialMode.Agent;
            default:
                reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), $"'{text}' is not valid: use user or agent");
                return null;
        }
    }

    /// <summary>Upstream base address: absolute http(s), no query, fragment or user info.</summary>
    public static Uri? Upstream(YamlMappingReader reader, string key)
    {
        var text = reader.String(key, required: true);
        if (text is null)
        {
            return null;
        }

        const string Message = "must be an absolute https or http URL without query, fragment or user info";
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal)
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || uri.Host.Length == 0)
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), Message);
            return null;
        }

        return uri;
    }

    /// <summary>An OAuth endpoint: absolute https, or http only for a loopback host (local mocks and tests).</summary>
    public static Uri? Endpoint(YamlMappingReader reader, string key)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Host.Length == 0
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                "must be an absolute https URL (http is allowed only for localhost/loopback)");
            return null;
        }

        return uri;
    }

    /// <summary>
    /// A possibly secret value. Literal values are never echoed in messages. An unset variable is
    /// only a warning, so the example config starts on a fresh machine.
    /// </summary>
    public static SecretReference? Secret(YamlMappingReader reader, string key)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return null;
        }

        var reference = SecretReference.Parse(text);
        if (reference.KeyVaultSecret is { } secretUrl)
        {
            if (KeyVaultSecretUrl.TryParse(secretUrl, out _, out _))
            {
                return reference;
            }

            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                "keyvault: must be followed by https://<vault>.vault.azure.net/secrets/<name>");
            return null;
        }

        var name = reference.EnvironmentVariable;
        if (name is null)
        {
            return reference;
        }

        if (!EnvironmentVariableName().IsMatch(name))
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key),
                "env: must be followed by a variable name matching [A-Za-z_][A-Za-z0-9_]*");
            return null;
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            reader.Diagnostics.Warning(reader.LineOfKey(key), reader.KeyPath(key), $"environment variable {name} is not set");
        }

        return reference;
    }

    /// <summary>Returns why a header name cannot carry the injected credential, or null when it can.</summary>
    public static string? InjectHeaderProblem(string header)
    {
        if (header.Length == 0 || !header.All(IsTokenChar))
        {
            return "must be a valid HTTP header name";
        }

        if (ForbiddenInjectHeaders.Contains(header) || header.StartsWith("Latchkey-", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{header}' cannot carry the credential (Host, Content-Length, Transfer-Encoding, Connection, Cookie and Latchkey-* are reserved)";
        }

        return null;
    }

    /// <summary>Returns why a value template is unusable, or null when it holds exactly one placeholder and no line break.</summary>
    public static string? InjectFormatProblem(string format)
    {
        if (format.Contains('\r', StringComparison.Ordinal) || format.Contains('\n', StringComparison.Ordinal))
        {
            return "must not contain line breaks";
        }

        var placeholders = Occurrences(format, InjectSettings.TokenPlaceholder) + Occurrences(format, InjectSettings.Base64TokenPlaceholder);
        if (placeholders != 1)
        {
            return "must contain {token} (or {token_base64}) exactly once";
        }

        return null;
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // RFC 9110 §5.6.2 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
