using System.Text.RegularExpressions;

namespace Latchkey.Rules.Packs;

/// <summary>
/// A value a pack cannot know and its includer must give under <c>params:</c> (Slack's channel IDs):
/// a list of 1 to <see cref="MaxValues"/> strings, each matching <see cref="Pattern"/> in full.
/// </summary>
internal sealed record RulePackParameter(string Name, string Description, Regex Pattern, string Example)
{
    public const int MaxValues = 256;
}
