using Microsoft.Extensions.Options;

namespace Latchkey.Sessions;

/// <summary>Checks session lifetimes at start; reports every problem with its key.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxTtl <= TimeSpan.Zero)
        {
            errors.Add("Latchkey:Sessions:MaxTtl must be a positive time span, e.g. 1.00:00:00.");
        }

        if (options.DefaultTtl is { } defaultTtl && defaultTtl <= TimeSpan.Zero)
        {
            errors.Add("Latchkey:Sessions:DefaultTtl must be a positive time span, e.g. 01:00:00.");
        }
        else if (options.DefaultTtl > options.MaxTtl && options.MaxTtl > TimeSpan.Zero)
        {
            errors.Add("Latchkey:Sessions:DefaultTtl must not exceed Latchkey:Sessions:MaxTtl; lower DefaultTtl or raise MaxTtl.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
