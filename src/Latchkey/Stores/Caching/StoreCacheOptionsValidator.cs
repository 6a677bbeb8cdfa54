using Microsoft.Extensions.Options;

namespace Latchkey.Stores.Caching;

/// <summary>Keeps cache lifetimes short enough that a missed invalidation cannot matter for long.</summary>
internal sealed class StoreCacheOptionsValidator : IValidateOptions<StoreCacheOptions>
{
    private const int MaxSeconds = 300;

    public ValidateOptionsResult Validate(string? name, StoreCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SessionSeconds is < 0 or > MaxSeconds)
        {
            failures.Add($"Latchkey:Cache:SessionSeconds must be between 0 and {MaxSeconds}.");
        }

        if (options.TokenSeconds is < 0 or > MaxSeconds)
        {
            failures.Add($"Latchkey:Cache:TokenSeconds must be between 0 and {MaxSeconds}.");
        }

        if (options.MaxEntries < 1)
        {
            failures.Add("Latchkey:Cache:MaxEntries must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
