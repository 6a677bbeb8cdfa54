using Microsoft.Extensions.Options;

namespace Latchkey.Forwarding;

/// <summary>Rejects forwarding settings that cannot work.</summary>
internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.UpstreamTimeout <= TimeSpan.Zero || options.UpstreamTimeout > TimeSpan.FromHours(1))
        {
            failures.Add("Latchkey:Forwarding:UpstreamTimeout must be between 00:00:00.001 and 01:00:00.");
        }

        if (options.EchoScanBytes < 0)
        {
            failures.Add("Latchkey:Forwarding:EchoScanBytes must be 0 (headers only) or a positive number of bytes.");
        }

        if (options.FormCheckBytes <= 0)
        {
            failures.Add("Latchkey:Forwarding:FormCheckBytes must be a positive number of bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
