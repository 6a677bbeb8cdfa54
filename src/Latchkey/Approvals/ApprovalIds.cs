using System.Text.RegularExpressions;

namespace Latchkey.Approvals;

/// <summary>The shape of an approval id (<c>apr_</c> and base64url) as an agent may hand one back to redeem it.</summary>
internal static partial class ApprovalIds
{
    [GeneratedRegex("^apr_[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    public static bool IsWellFormed(string? id) => id is not null && Format().IsMatch(id);
}
