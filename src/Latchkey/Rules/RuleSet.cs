using Latchkey.Rules.Conditions;

namespace Latchkey.Rules;

/// <summary>
/// The allowlist compiled for one config snapshot: templates parsed once, rules indexed by
/// provider and method, decisions pre-built where they do not depend on the request. Immutable
/// and thread-safe; <see cref="Decide"/> is a pure function.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<(string Provider, string Method), CompiledRule[]> _byProviderAndMethod;

    // Provider and method pairs with a rule whose conditions read the body: every other request skips the body check.
    private readonly HashSet<(string Provider, string Method)> _readsBody;

    private RuleSet(IReadOnlyList<RuleDefinition> rules, Dictionary<(string, string), CompiledRule[]> index)
    {
        Rules = rules;
        _byProviderAndMethod = index;
        _readsBody = [.. index.Where(pair => pair.Value.Any(rule => rule.Conditions?.ReadsBody == true)).Select(pair => pair.Key)];
    }

    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>Null when <paramref name="template"/> is a usable rule path; else why not.</summary>
    public static string? ValidateTemplate(string template) => PathTemplate.Validate(template);

    public static RuleSet Compile(IReadOnlyList<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var index = new Dictionary<(string, string), List<CompiledRule>>();
        foreach (var rule in rules)
        {
            PathTemplate template;
            try
            {
                template = PathTemplate.Parse(rule.Path);
            }
            catch (RuleCompilationException ex)
            {
                throw new RuleCompilationException($"rule '{rule.Id}': path {ex.Message}", ex);
            }

            var compiled = new CompiledRule(rule, template);
            foreach (var method in rule.Methods.Distinct(StringComparer.Ordinal))
            {
                var key = (rule.Provider, method);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(compiled);
            }
        }

        return new RuleSet(rules, index.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()));
    }

    /// <summary>
    /// Decides one request exactly as CONTRACT §2 says: deny overrides; then approve overrides
    /// allow (any matching approve rule holds the request, or refuses it for insufficient scope,
    /// so no allow rule can bypass the human); then a held allow rule; then insufficient scope if
    /// anything matched; else no rule.
    /// </summary>
    public RuleDecision Decide(string provider, string method, string upstreamPath, IReadOnlySet<string> heldScopes) =>
        Decide(provider, method, RequestFacts.OfPath(upstreamPath), heldScopes, trace: null);

    /// <summary>
    /// True when a rule whose path matches reads the JSON body in its conditions: the data plane
    /// must then inspect the body before <see cref="Decide(string, string, in RequestFacts, IReadOnlySet{string}, ConditionTrace?)"/>.
    /// </summary>
    public bool ReadsBody(string provider, string method, string upstreamPath)
    {
        if (!_readsBody.Contains((provider, method)))
        {
            return false;
        }

        foreach (var candidate in _byProviderAndMethod[(provider, method)])
        {
            if (candidate.Conditions?.ReadsBody == true && candidate.Template.Matches(upstreamPath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The rules of <paramref name="provider"/> and <paramref name="method"/> whose path matches
    /// <paramref name="upstreamPath"/>, in file order, their conditions not evaluated: for showing
    /// what a session could be allowed (tool lists), never for deciding a request.
    /// </summary>
    public IEnumerable<RuleDefinition> WithPathMatching(string provider, string method, string upstreamPath)
    {
        if (!_byProviderAndMethod.TryGetValue((provider, method), out var candidates))
        {
            yield break;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Template.Matches(upstreamPath))
            {
                yield return candidate.Definition;
            }
        }
    }

    /// <summary>
    /// As above, over the whole request: a rule matches when its path matches and its conditions
    /// hold; a rule whose conditions do not hold is passed over as if its path did not match, so
    /// deny, then approve, then allow still decide among the rules that match. A condition that
    /// cannot read its value unambiguously refuses the request (<see cref="RuleOutcome.UnreadableContent"/>).
    /// <paramref name="trace"/>, for explain, collects the conditions that did not hold.
    /// </summary>
    public RuleDecision Decide(string provider, string method, in RequestFacts facts, IReadOnlySet<string> heldScopes, ConditionTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(heldScopes);
        var upstreamPath = facts.UpstreamPath;
        if (!_byProviderAndMethod.TryGetValue((provider, method), out var candidates))
        {
            return RuleDecision.NoMatch;
        }

        CompiledRule? approve = null;
        CompiledRule? approveLacking = null;
        CompiledRule? allow = null;
        CompiledRule? allowLacking = null;
        foreach (var candidate in candidates)
        {
            if (!candidate.Template.Matches(upstreamPath))
            {
                continue;
            }

            if (facts.OnlyGraphQlRules && candidate.Definition.Action != RuleAction.Deny && candidate.Conditions?.JudgesGraphQl != true)
            {
                continue;
            }

            if (candidate.Conditions is { } conditions)
            {
                var outcome = conditions.Evaluate(candidate.Definition.Id, facts, trace, out var problem);
                if (outcome == ConditionOutcome.Unreadable)
                {
                    return candidate.Unreadable(problem!);
                }

                if (outcome == ConditionOutcome.Fails)
                {
                    continue;
                }
            }

            var held = candidate.IsHeldBy(heldScopes);
            switch (candidate.Definition.Action)
            {
                case RuleAction.Deny:
                    return candidate.DeniedDecision;
                case RuleAction.Approve when held:
                    approve ??= candidate;
                    break;
                case RuleAction.Approve:
                    approveLacking ??= candidate;
                    break;
                case RuleAction.Allow when held:
                    allow ??= candidate;
                    break;
                default:
                    allowLacking ??= candidate;
                    break;
            }
        }

        if (approve is not null)
        {
            return approve.GrantedDecision;
        }

        // A session lacking the approve rule's scopes is refused, never forwarded by an allow
        // rule that also matches: holding fewer scopes must not skip the human.
        if (approveLacking is not null)
        {
            return approveLacking.InsufficientScope(heldScopes);
        }

        return allow?.GrantedDecision
            ?? (allowLacking is null ? RuleDecision.NoMatch : allowLacking.InsufficientScope(heldScopes));
    }

    private sealed class CompiledRule
    {
        public CompiledRule(RuleDefinition definition, PathTemplate template)
        {
            Definition = definition;
            Template = template;
            DeniedDecision = new RuleDecision(RuleOutcome.Denied, definition, [], $"Denied by rule '{definition.Id}'.");
            GrantedDecision = definition.Action == RuleAction.Approve
                ? new RuleDecision(RuleOutcome.ApprovalRequired, definition, [], $"Rule '{definition.Id}' requires human approval.")
                : new RuleDecision(RuleOutcome.Allowed, definition, [], $"Allowed by rule '{definition.Id}'.");
        }

        public RuleDefinition Definition { get; }

        public PathTemplate Template { get; }

        public RuleConditions? Conditions => Definition.Conditions;

        public RuleDecision DeniedDecision { get; }

        public RuleDecision GrantedDecision { get; }

        public bool IsHeldBy(IReadOnlySet<string> heldScopes)
        {
            // Indexed, not foreach: enumerating an IReadOnlyList boxes its enumerator on every request.
            var scopes = Definition.Scopes;
            for (var i = 0; i < scopes.Count; i++)
            {
                if (!heldScopes.Contains(scopes[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public RuleDecision Unreadable(string problem) =>
            new(RuleOutcome.UnreadableContent, Definition, [], $"Rule '{Definition.Id}' could not judge this request: {problem}.");

        public RuleDecision InsufficientScope(IReadOnlySet<string> heldScopes) =>
            new(RuleOutcome.InsufficientScope, Definition, Definition.Scopes.Where(s => !heldScopes.Contains(s)).ToArray(),
                $"Rule '{Definition.Id}' requires scopes the session does not hold.");
    }
}
