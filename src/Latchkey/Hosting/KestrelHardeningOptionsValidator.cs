using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>Rejects Kestrel limits that would switch a protection off or make the server unusable.</summary>
internal sealed class KestrelHardeningOptionsValidator : IValidateOptions<KestrelHardeningOptions>
{
    public ValidateOptionsResult Validate(string? name, KestrelHardeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, options.RequestHeadersTimeout > TimeSpan.Zero && options.RequestHeadersTimeout <= TimeSpan.FromMinutes(5),
            "RequestHeadersTimeout must be between 00:00:00.001 and 00:05:00.");
        Check(failures, options.MinRequestBodyBytesPerSecond > 0, "MinRequestBodyBytesPerSecond must be positive.");
        Check(failures, options.MinResponseBytesPerSecond > 0, "MinResponseBytesPerSecond must be positive.");
        Check(failures, options.MinDataRateGracePeriod > TimeSpan.FromSeconds(1) && options.MinDataRateGracePeriod <= TimeSpan.FromMinutes(5),
            "MinDataRateGracePeriod must be more than 00:00:01 (Kestrel's floor) and at most 00:05:00.");
        Check(failures, options.MaxRequestBodyBytes > 0, "MaxRequestBodyBytes must be positive.");
        Check(failures, options.MaxRequestHeadersTotalBytes >= 1024, "MaxRequestHeadersTotalBytes must be at least 1024.");
        Check(failures, options.MaxRequestLineBytes >= 256, "MaxRequestLineBytes must be at least 256.");
        Check(failures, options.KeepAliveTimeout > TimeSpan.Zero, "KeepAliveTimeout must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add($"{KestrelHardeningOptions.SectionName}: {message}");
        }
    }
}
