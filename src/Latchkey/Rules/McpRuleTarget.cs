namespace Latchkey.Rules;

/// <summary>What a rule of a <c>kind: mcp</c> provider judges, as the rule engine indexes it: pseudo-methods and a path.</summary>
/// <param name="Methods"><c>[tools/call]</c> for a <c>tool:</c> rule, else the <c>mcp_methods:</c> listed.</param>
/// <param name="Path"><c>/{name}</c> for a tool, <c>/{tool}</c> for <c>tool: "*"</c>, <c>/</c> for methods.</param>
/// <param name="Tool">The tool named, or null for an <c>mcp_methods:</c> rule.</param>
internal sealed record McpRuleTarget(IReadOnlyList<string> Methods, string Path, string? Tool);
