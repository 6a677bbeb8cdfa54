using Microsoft.Extensions.Options;

namespace Latchkey.Approvals;

/// <summary>Rejects approval settings that cannot work.</summary>
internal sealed class ApprovalOptionsValidator : IValidateOptions<ApprovalOptions>
{
    public ValidateOptionsResult Validate(string? name, ApprovalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Ttl < TimeSpan.FromMinutes(1) || options.Ttl > TimeSpan.FromDays(7)
            ? ValidateOptionsResult.Fail("Latchkey:Approvals:Ttl must be between 00:01:00 and 7.00:00:00.")
            : ValidateOptionsResult.Success;
    }
}
