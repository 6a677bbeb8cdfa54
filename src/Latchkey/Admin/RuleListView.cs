namespace Latchkey.Admin;

/// <summary>The answer of <c>GET /v1/rules</c>: the config version, the rules mode and the rules in force.</summary>
internal sealed record RuleListView(string Version, string Mode, IReadOnlyList<RuleView> Rules);
