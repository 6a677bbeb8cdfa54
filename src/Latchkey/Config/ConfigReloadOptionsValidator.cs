using Microsoft.Extensions.Options;

namespace Latchkey.Config;

/// <summary>Refuses a settle window shorter than one poll of the files or too long to be useful.</summary>
internal sealed class ConfigReloadOptionsValidator : IValidateOptions<ConfigReloadOptions>
{
    public static readonly TimeSpan MaxSettleTime = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, ConfigReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SettleTime < ConfigWatcher.PollInterval || options.SettleTime > MaxSettleTime
            ? ValidateOptionsResult.Fail(
                $"{ConfigReloadOptions.SectionName}:SettleTime must be between {ConfigWatcher.PollInterval:c} and {MaxSettleTime:c} (default 00:00:01): " +
                "a change is applied only after the files have stayed the same for this long.")
            : ValidateOptionsResult.Success;
    }
}
