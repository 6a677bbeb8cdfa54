using Microsoft.Extensions.Options;

namespace Latchkey.RateLimiting;

/// <summary>Rejects limits that cannot work, naming the key.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(options.Default, "Default", errors);
        foreach (var (provider, settings) in options.Providers)
        {
            Check(settings, $"Providers:{provider}", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(TokenBucketSettings settings, string key, List<string> errors)
    {
        if (settings.PermitsPerSecond < 0)
        {
            errors.Add($"{RateLimitOptions.SectionName}:{key}:PermitsPerSecond must be 0 (no limit) or positive.");
        }

        if (settings.PermitsPerSecond > 0 && settings.Burst < 1)
        {
            errors.Add($"{RateLimitOptions.SectionName}:{key}:Burst must be at least 1.");
        }
    }
}
