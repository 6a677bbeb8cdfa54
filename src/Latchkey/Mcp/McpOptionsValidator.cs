using Microsoft.Extensions.Options;

namespace Latchkey.Mcp;

/// <summary>Refuses MCP settings that could not bound what a tool call holds in memory.</summary>
internal sealed class McpOptionsValidator : IValidateOptions<McpOptions>
{
    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxResponseBytes is < McpOptions.MinResponseBytes or > McpOptions.MaxResponseBytesLimit)
        {
            errors.Add($"{McpOptions.SectionName}:MaxResponseBytes must be from {McpOptions.MinResponseBytes} to {McpOptions.MaxResponseBytesLimit} (bytes of a provider's answer kept per tool call).");
        }

        if (options.MaxResultChars is < 256 or > McpOptions.MaxResponseBytesLimit)
        {
            errors.Add($"{McpOptions.SectionName}:MaxResultChars must be from 256 to {McpOptions.MaxResponseBytesLimit} (characters of JSON handed to the model per tool call).");
        }

        if (options.ApprovalWait < TimeSpan.Zero || options.ApprovalWait > McpOptions.MaxApprovalWait)
        {
            errors.Add($"{McpOptions.SectionName}:ApprovalWait must be from 00:00:00 (answer approval_required at once) to {McpOptions.MaxApprovalWait:c} (how long a held tool call waits for the human's decision).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
