using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>Checks management JWT settings at start; reports every problem with its key.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Authority) && !IsAcceptableAuthority(options.Authority))
        {
            errors.Add("Latchkey:Admin:Authority must be an absolute https URL (plain http is allowed for loopback hosts only).");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var key = TryDecodeKey(options.SigningKey);
            if (key is null)
            {
                errors.Add("Latchkey:Admin:SigningKey must be base64 (e.g. the output of `openssl rand -base64 32`).");
            }
            else if (key.Length < MinimumKeyBytes)
            {
                errors.Add($"Latchkey:Admin:SigningKey must decode to at least {MinimumKeyBytes} bytes for HS256.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Latchkey:Admin:Audience must not be empty (default: latchkey).");
        }

        if (string.IsNullOrWhiteSpace(options.TenantClaim))
        {
            errors.Add("Latchkey:Admin:TenantClaim must not be empty (default: tid).");
        }

        if (string.IsNullOrWhiteSpace(options.RolesClaim))
        {
            errors.Add("Latchkey:Admin:RolesClaim must not be empty (default: roles).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The decoded signing key, or null when it is not valid base64.</summary>
    public static byte[]? TryDecodeKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsAcceptableAuthority(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
