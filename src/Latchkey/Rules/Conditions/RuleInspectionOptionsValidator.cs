using Microsoft.Extensions.Options;

namespace Latchkey.Rules.Conditions;

/// <summary>Rejects body inspection bounds that cannot work.</summary>
internal sealed class RuleInspectionOptionsValidator : IValidateOptions<RuleInspectionOptions>
{
    public ValidateOptionsResult Validate(string? name, RuleInspectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxInspectedBodyBytes is > 0 and <= RuleInspectionOptions.MaxMaxInspectedBodyBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Latchkey:Rules:MaxInspectedBodyBytes must be between 1 and {RuleInspectionOptions.MaxMaxInspectedBodyBytes} bytes (default {RuleInspectionOptions.DefaultMaxInspectedBodyBytes}).");
    }
}
