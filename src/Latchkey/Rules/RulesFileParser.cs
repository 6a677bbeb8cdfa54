using System.Text.RegularExpressions;
using Latchkey.Providers;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules;

/// <summary>Maps the tree of <c>rules.yaml</c> onto <see cref="RuleDefinition"/>s, strictly.</summary>
internal static partial class RulesFileParser
{
    public const string FileName = "rules.yaml";
    public const int MaxRules = 10_000;

    private static readonly string[] RootKeys = ["mode", Packs.RulePackExpander.Key, "rules"];
    private static readonly string[] RuleKeys = ["id", "provider", "methods", "path", "scopes", "action", "credential", Rules.Conditions.ConditionParser.Key, Rules.GraphQl.GraphQlRuleParser.Key, Rules.Batch.BatchRuleParser.Key, McpRuleParser.ToolKey, McpRuleParser.MethodsKey];
    private static readonly HashSet<string> NeverForwarded = new(StringComparer.OrdinalIgnoreCase) { "TRACE", "CONNECT" };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RuleId();

    /// <summary>What a scope may be, for a rule's <c>scopes:</c> and an include's.</summary>
    internal const string ScopeHint = "scopes are 1-128 characters of A-Z, a-z, 0-9 and . _ : / -";

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,128}\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex Scope();

    /// <param name="root">The document's root node, or null for an empty file.</param>
    /// <param name="providers">Valid providers, for the credential check.</param>
    /// <param name="declaredProviders">Every provider name in providers.yaml; null skips the "unknown provider" check.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <param name="mode">The file's <c>mode:</c>, enforce unless it says shadow.</param>
    public static List<RuleDefinition> Parse(
        YamlNode? root,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders,
        ConfigDiagnostics diagnostics,
        out RulesMode mode)
    {
        mode = RulesMode.Enforce;
        var rules = new List<RuleDefinition>();
        if (root is not YamlMappingNode rootMapping)
        {
            diagnostics.Error(root is null ? 1 : YamlMappingReader.LineOf(root), "rules", "is required: the file must start with 'rules:'");
            return rules;
        }

        var rootReader = new YamlMappingReader(rootMapping, string.Empty, diagnostics, RootKeys);
        switch (rootReader.String("mode"))
        {
            case null or "enforce":
                break;
            case "shadow":
                mode = RulesMode.Shadow;
                break;
            default:
                diagnostics.Error(rootReader.LineOfKey("mode"), "mode", "must be enforce or shadow");
                break;
        }

        // The packs' rules come after the file's own: rules[i] in lint output keeps meaning the i-th rule written.
        var included = Packs.RulePackExpander.Expand(rootReader, providers, declaredProviders);
        if (!rootReader.Has("rules"))
        {
            if (!rootReader.Has(Packs.RulePackExpander.Key) && !rootMapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "rules"))
            {
                diagnostics.Error(YamlMappingReader.LineOf(rootMapping), "rules", "is required (or an include: of rule packs)");
            }

            rules.AddRange(included);
            return rules;
        }

        var sequence = rootReader.Sequence("rules");
        if (sequence is null)
        {
            return rules;
        }

        if (sequence.Children.Count + included.Count > MaxRules)
        {
            diagnostics.Error(YamlMappingReader.LineOf(sequence), "rules", $"has {sequence.Children.Count} rules{(included.Count > 0 ? $" and {included.Count} included" : string.Empty)}; at most {MaxRules} are allowed");
            return rules;
        }

        var firstLineById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"rules[{i}]";
            if (node is not YamlMappingNode ruleNode)
            {
                diagnostics.Error(YamlMappingReader.LineOf(node), path, "each rule must be a mapping starting with '- id: ...'");
                continue;
            }

            var before = diagnostics.Errors.Count;
            var rule = ParseRule(new YamlMappingReader(ruleNode, path, diagnostics, RuleKeys), providers, declaredProviders);
            if (rule is null)
            {
                continue;
            }

            if (firstLineById.TryGetValue(rule.Id, out var firstLine))
            {
                diagnostics.Error(rule.Line, path + ".id", $"duplicate rule id '{rule.Id}' (lines {firstLine} and {rule.Line})");
                continue;
            }

            firstLineById.Add(rule.Id, rule.Line);
            if (diagnostics.Errors.Count == before)
            {
                rules.Add(rule);
            }
        }

        rules.AddRange(included);
        return rules;
    }

    /// <summary>Parses one rule mapping exactly as an entry of <c>rules:</c> (used for the rules of included packs).</summary>
    internal static RuleDefinition? ParseRuleNode(
        YamlMappingNode node,
        string path,
        ConfigDiagnostics diagnostics,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders) =>
        ParseRule(new YamlMappingReader(node, path, diagnostics, RuleKeys), providers, declaredProviders);

    private static RuleDefinition? ParseRule(
        YamlMappingReader reader,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlySet<string>? declaredProviders)
    {
        var diagnostics = reader.Diagnostics;
        var id = reader.String("id", required: true);
        if (id is not null && !RuleId().IsMatch(id))
        {
            diagnostics.Error(reader.LineOfKey("id"), reader.KeyPath("id"), "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
            id = null;
        }

        var provider = reader.String("provider", required: true);
        if (provider is not null && declaredProviders is not null && !declaredProviders.Contains(provider))
        {
            diagnostics.Error(reader.LineOfKey("provider"), reader.KeyPath("provider"), $"unknown provider '{provider}' (not in providers.yaml)");
        }

        // A rule of a kind: mcp provider names a tool or JSON-RPC methods instead of methods and a path.
        var mcp = McpRuleParser.Read(reader, provider is null ? null : providers.GetValueOrDefault(provider));
        var methods = mcp?.Methods ?? ParseMethods(reader);
        var path = mcp is null ? reader.String("path", required: true) : mcp.Path;
        var templateProblem = path is null ? null : Rules.RuleSet.ValidateTemplate(path);
        if (templateProblem is not null)
        {
            diagnostics.Error(reader.LineOfKey("path"), reader.KeyPath("path"), templateProblem);
        }

        var scopes = reader.StringList("scopes", itemPattern: Scope(), patternHint: ScopeHint) ?? [];
        var action = ParseAction(reader);
        var credential = ConfigValueChecks.Credential(reader, "credential");
        if (credential == CredentialMode.Agent && provider is not null && providers.TryGetValue(provider, out var definition) && definition.Agent is null)
        {
            diagnostics.Error(reader.LineOfKey("credential"), reader.KeyPath("credential"),
                $"credential: agent needs provider '{provider}' to have an 'agent' block");
        }

        var conditions = Rules.Conditions.ConditionParser.Parse(reader, templateProblem is null && mcp is null ? path : null);
        var graphQl = Rules.GraphQl.GraphQlRuleParser.Parse(reader, provider is null ? null : providers.GetValueOrDefault(provider), path, methods);
        var wholeBatch = Rules.Batch.BatchRuleParser.Parse(reader, provider is null ? null : providers.GetValueOrDefault(provider), path, methods);
        if (id is null)
        {
            return null;
        }

        return new RuleDefinition
        {
            Id = id,
            Provider = provider ?? string.Empty,
            Methods = methods,
            Path = path ?? string.Empty,
            Tool = mcp?.Tool,
            Scopes = scopes,
            // A rule without a valid action has an error recorded and is never used.
            Action = action ?? RuleAction.Deny,
            Credential = credential,
            Conditions = Rules.Conditions.RuleConditions.Combine(graphQl, conditions),
            WholeBatch = wholeBatch,
            Line = YamlMappingReader.LineOf(reader.Node),
        };
    }

    private static List<string> ParseMethods(YamlMappingReader reader)
    {
        var methods = new List<string>();
        var items = reader.StringList("methods", required: true);
        if (items is null)
        {
            return methods;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(reader.LineOfKey("methods"), reader.KeyPath("methods"), "must list at least one method");
            return methods;
        }

        var sequence = reader.Sequence("methods")!;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlScalarNode { Value: { Length: > 0 } method })
            {
                continue;
            }

            var line = YamlMappingReader.LineOf(sequence.Children[i]);
            var path = $"{reader.KeyPath("methods")}[{i}]";
            var problem = MethodProblem(method);
            if (problem is not null)
            {
                reader.Diagnostics.Error(line, path, problem);
            }
            else if (methods.Contains(method))
            {
                reader.Diagnostics.Error(line, path, $"{method} is listed twice");
            }
            else
            {
                methods.Add(method);
            }
        }

        return methods;
    }

    private static string? MethodProblem(string method)
    {
        if (NeverForwarded.Contains(method))
        {
            return $"{method.ToUpperInvariant()} is never forwarded and cannot appear in a rule";
        }

        if (RuleMethods.All.Contains(method))
        {
            return null;
        }

        var upper = method.ToUpperInvariant();
        return RuleMethods.All.Contains(upper)
            ? $"methods must be upper case: use {upper}"
            : $"unknown method '{method}' (allowed: {string.Join(", ", RuleMethods.All)})";
    }

    /// <summary>
    /// The rule's action, which every rule must state: a rule cut short before its action line
    /// (a file read half written) must be refused, never read as an allow.
    /// </summary>
    private static RuleAction? ParseAction(YamlMappingReader reader)
    {
        if (!reader.Has("action"))
        {
            reader.Diagnostics.Error(reader.LineOfKey("action"), reader.KeyPath("action"),
                "is required: end the rule with 'action: allow', 'action: deny' or 'action: approve' (a rule never defaults to allow)");
            return null;
        }

        var text = reader.String("action");
        switch (text)
        {
            case "allow":
                return RuleAction.Allow;
            case "deny":
                return RuleAction.Deny;
            case "approve":
                return RuleAction.Approve;
            default:
                if (text is not null)
                {
                    reader.Diagnostics.Error(reader.LineOfKey("action"), reader.KeyPath("action"), $"'{text}' is not valid: use allow, deny or approve");
                }

                return null;
        }
    }
}
