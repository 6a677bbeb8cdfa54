using Microsoft.Extensions.Options;

namespace Latchkey.Audit;

/// <summary>Checks <see cref="SeqOptions"/> at start and names every bad key.</summary>
internal sealed class SeqOptionsValidator : IValidateOptions<SeqOptions>
{
    public ValidateOptionsResult Validate(string? name, SeqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IsEnabled
            && (!Uri.TryCreate(options.ServerUrl, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(uri.Query)))
        {
            errors.Add($"{SeqOptions.SectionName}:ServerUrl must be empty (no Seq) or an absolute http/https URL without a query, e.g. 'http://localhost:5341'.");
        }

        // The key travels in a header: a line break would split it into a second header.
        if (options.ApiKey is { } key && key.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add($"{SeqOptions.SectionName}:ApiKey must not contain line breaks.");
        }

        if (options.BatchMaxEvents is < 1 or > 100_000)
        {
            errors.Add($"{SeqOptions.SectionName}:BatchMaxEvents must be between 1 and 100000 (default 500).");
        }

        if (options.BatchMaxBytes < 1024)
        {
            errors.Add($"{SeqOptions.SectionName}:BatchMaxBytes must be at least 1024 (default 1048576).");
        }

        if (options.BatchWindow < TimeSpan.Zero || options.BatchWindow > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{SeqOptions.SectionName}:BatchWindow must be between 00:00:00 and 00:00:10 (default 00:00:00.250).");
        }

        if (options.MaxBackoff <= TimeSpan.Zero || options.MaxBackoff > TimeSpan.FromHours(1))
        {
            errors.Add($"{SeqOptions.SectionName}:MaxBackoff must be a positive time span of at most 01:00:00 (default 00:00:30).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
