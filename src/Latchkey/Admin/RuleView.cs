using Latchkey.Rules;

namespace Latchkey.Admin;

/// <summary>A rule in force, as <c>GET /v1/rules</c> shows it; <c>Origin</c> is <c>rules.yaml</c> or the pack it was included from (<c>pack:gmail.read_only</c>).</summary>
internal sealed record RuleView(string Id, string Provider, IReadOnlyList<string> Methods, string Path, IReadOnlyList<string> Scopes, string Action, string? Credential, int Line, IReadOnlyList<string>? When = null, string Origin = "rules.yaml")
{
    public static RuleView From(RuleDefinition rule) => new(
        rule.Id,
        rule.Provider,
        rule.Methods,
        rule.Path,
        rule.Scopes,
        rule.Action.ToString().ToLowerInvariant(),
        rule.Credential?.ToString().ToLowerInvariant(),
        rule.Line,
        rule.Conditions?.Describe(),
        rule.Origin);
}
