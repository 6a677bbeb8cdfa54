using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.RateLimiting;

/// <summary>Rejects limits that cannot work, naming the key; used at start and on every reload.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    /// <summary>Keeps <see cref="SessionRateLimiter.BucketOptions"/>' refill period at one tick or more.</summary>
    public const int MaxPermitsPerSecond = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(new BucketLimits(options.Default.PermitsPerSecond, options.Default.Burst), "Default", errors);
        foreach (var (provider, provided) in options.Providers)
        {
            var key = $"Providers:{Printable(provider)}";
            if (!ProvidersFileParser.IsProviderName(provider))
            {
                // Lookup is exact: an override no provider can match would be ignored without a word.
                errors.Add($"{RateLimitOptions.SectionName}:{key} names no possible provider: provider names match {ProvidersFileParser.ProviderNamePattern} (e.g. 'github', 'azure-openai').");
                continue;
            }

            Check(options.Merge(provided), key, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(BucketLimits limits, string key, List<string> errors)
    {
        if (limits.PermitsPerSecond is < 0 or > MaxPermitsPerSecond)
        {
            errors.Add($"{RateLimitOptions.SectionName}:{key}:PermitsPerSecond must be 0 (no limit) to {MaxPermitsPerSecond}.");
            return;
        }

        // Buckets are refilled on a shared 100 ms timer and never hold more than Burst, so a burst
        // smaller than the permits of one refill (two, for a late tick) would cap the sustained rate.
        var minimumBurst = Math.Max(1, (limits.PermitsPerSecond + 4) / 5);
        if (!limits.IsOff && limits.Burst < minimumBurst)
        {
            errors.Add($"{RateLimitOptions.SectionName}:{key}:Burst must be at least {minimumBurst} (1, and a fifth of PermitsPerSecond {limits.PermitsPerSecond}, rounded up; an unset override field takes Default's).");
        }
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
