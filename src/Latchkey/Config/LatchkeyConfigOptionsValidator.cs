using Microsoft.Extensions.Options;

namespace Latchkey.Config;

/// <summary>Refuses an empty <c>Latchkey:ConfigDir</c> at start.</summary>
internal sealed class LatchkeyConfigOptionsValidator : IValidateOptions<LatchkeyConfigOptions>
{
    public ValidateOptionsResult Validate(string? name, LatchkeyConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.ConfigDir)
            ? ValidateOptionsResult.Fail("Latchkey:ConfigDir must name the folder holding providers.yaml and rules.yaml (default: config).")
            : ValidateOptionsResult.Success;
    }
}
