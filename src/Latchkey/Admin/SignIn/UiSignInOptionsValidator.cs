using Microsoft.Extensions.Options;

namespace Latchkey.Admin.SignIn;

/// <summary>Checks the page sign-in settings at start, together with the authority they use; reports every problem with its key.</summary>
internal sealed class UiSignInOptionsValidator : IValidateOptions<UiSignInOptions>
{
    private readonly IOptions<AdminOptions> _admin;

    public UiSignInOptionsValidator(IOptions<AdminOptions> admin)
    {
        _admin = admin;
    }

    public ValidateOptionsResult Validate(string? name, UiSignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.OidcEnabled && string.IsNullOrWhiteSpace(_admin.Value.Authority))
        {
            errors.Add($"{UiSignInOptions.SectionName}:ClientId needs Latchkey:Admin:Authority: people sign in with the same IdP that issues management JWTs.");
        }

        if (!options.OidcEnabled && !string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            errors.Add($"{UiSignInOptions.SectionName}:ClientSecret is set without ClientId; set both or neither.");
        }

        if (options.OidcEnabled && !options.EffectiveScopes.Contains("openid", StringComparer.Ordinal))
        {
            errors.Add($"{UiSignInOptions.SectionName}:Scopes must include openid.");
        }

        if (!options.OidcEnabled && !options.TokenPasteAllowed)
        {
            errors.Add($"{UiSignInOptions.SectionName}:AllowTokenPaste is false and no ClientId is set: nobody could sign in to the approvals page.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"{UiSignInOptions.SectionName}:SessionLifetime must be from 00:05:00 to 1.00:00:00 (default 08:00:00).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
