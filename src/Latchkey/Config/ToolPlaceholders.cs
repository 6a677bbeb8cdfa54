using System.Text.RegularExpressions;

namespace Latchkey.Config;

/// <summary>The <c>{argument}</c> placeholders of a tool's path, query and body templates.</summary>
public static partial class ToolPlaceholders
{
    /// <summary>The argument an agent adds to retry a call a human approved; no tool may declare it.</summary>
    public const string ApprovalArgument = "latchkey_approval_id";

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]{0,63})\}", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();

    /// <summary>True when <paramref name="template"/> is exactly one placeholder, and which.</summary>
    public static bool IsWhole(string template, out string name)
    {
        ArgumentNullException.ThrowIfNull(template);
        var match = Pattern().Match(template);
        name = match.Success ? match.Groups[1].Value : string.Empty;
        return match.Success && match.Index == 0 && match.Length == template.Length;
    }

    public static IEnumerable<string> In(string template) =>
        Pattern().Matches(template).Select(m => m.Groups[1].Value);
}
