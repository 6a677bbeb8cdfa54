using Microsoft.Extensions.Options;

namespace Latchkey.Forwarding;

/// <summary>Rejects forwarding settings that cannot work.</summary>
internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UpstreamTimeout <= TimeSpan.Zero || options.UpstreamTimeout > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail("Latchkey:Forwarding:UpstreamTimeout must be between 00:00:00.001 and 01:00:00.")
            : ValidateOptionsResult.Success;
    }
}
