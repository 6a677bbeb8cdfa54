using Latchkey.Providers;
using Latchkey.Rules.Conditions;
using Latchkey.Rules.GraphQl;

namespace Latchkey.Rules.Batch;

/// <summary>
/// Judges a POST to a provider's batch path. Rules on the batch path itself decide first where
/// they deny, cannot read the request, or (with <c>batch: whole</c>) let the batch through whole;
/// otherwise the body is split and each sub-request is canonicalised and judged as if sent alone.
/// The first sub-request refused refuses the batch; else any held for approval holds it whole;
/// else it is allowed. docs/rules-conditions.md, "Batch requests".
/// </summary>
public static class BatchJudge
{
    private static readonly RuleDecision Unsplittable = new(RuleOutcome.NoMatchingRule, null, [],
        "Latchkey cannot split this batch format: only a rule with 'batch: whole' allows it.");

    // Outer headers a Google part does not inherit as the upstream sees them: Latchkey replaces or strips these.
    private static readonly HashSet<string> NotInherited = new(
        ["Authorization", "Proxy-Authorization", "Cookie", "Host", "Latchkey-Approval", "Connection", "Transfer-Encoding", "Expect"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly RuleDecision NoBody = new(RuleOutcome.UnreadableContent, null, [],
        "The batch cannot be judged: its body was not read.");

    public static BatchVerdict Judge(
        RuleSet rules, ProviderDefinition provider, BatchEndpoint endpoint, in RequestFacts facts,
        ReadOnlyMemory<byte>? body, IReadOnlySet<string> scopes, ConditionTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(endpoint);
        var whole = rules.Decide(provider.Name, HttpMethods.Post, facts, scopes, trace);
        if (whole.Outcome is RuleOutcome.Denied or RuleOutcome.UnreadableContent
            || (whole.Rule is { WholeBatch: true } && whole.Outcome is RuleOutcome.Allowed or RuleOutcome.ApprovalRequired))
        {
            return BatchVerdict.Whole(RequestVerdict.Of(whole));
        }

        if (endpoint.Format == BatchFormat.Unsplittable)
        {
            return BatchVerdict.Whole(RequestVerdict.Of(whole.Rule is { WholeBatch: true } ? whole : Unsplittable));
        }

        if (body is not { } bytes)
        {
            return BatchVerdict.Whole(RequestVerdict.Of(NoBody));
        }

        using var split = BatchSplitter.Split(endpoint.Format, facts.UpstreamPath, bytes, facts.Headers?.ContentType.ToString(), facts.Headers?.ContentEncoding ?? default);
        // Google applies the outer request's headers (but Content-*) to every part: judge each part with them.
        var outer = endpoint.Format == BatchFormat.GoogleMultipart ? facts.Headers : null;
        return split.IsSplit
            ? JudgeEach(rules, provider, split.Requests, outer, scopes, trace)
            : BatchVerdict.Whole(RequestVerdict.Of(new RuleDecision(RuleOutcome.UnreadableContent, null, [], $"The batch cannot be judged: {split.Problem}.")));
    }

    private static BatchVerdict JudgeEach(
        RuleSet rules, ProviderDefinition provider, IReadOnlyList<BatchSubRequest> requests, IHeaderDictionary? outer,
        IReadOnlySet<string> scopes, ConditionTrace? trace)
    {
        BatchVerdict? held = null;
        BatchVerdict? allowed = null;
        foreach (var request in requests)
        {
            var verdict = new BatchVerdict(JudgeOne(rules, provider, request, InheritedHeaders(outer, request.Headers), scopes, trace), requests.Count, request.Index, request.Id);
            if (!verdict.Verdict.PassesRules)
            {
                return verdict;
            }

            // One credential is injected for the whole batch: every sub-request must be allowed with it.
            if (allowed is { } earlier && CredentialOf(provider, earlier) != CredentialOf(provider, verdict))
            {
                return verdict with
                {
                    Verdict = RequestVerdict.Of(new RuleDecision(RuleOutcome.UnreadableContent, verdict.Verdict.Decision!.Rule, [],
                        "The batch's sub-requests are allowed with different credentials: send them separately.")),
                };
            }

            if (verdict.Verdict.Kind == VerdictKind.ApprovalRequired)
            {
                held ??= verdict;
            }

            allowed ??= verdict;
        }

        return (held ?? allowed)!.Value;
    }

    private static CredentialMode CredentialOf(ProviderDefinition provider, in BatchVerdict verdict) =>
        verdict.Verdict.Decision!.Rule!.Credential ?? provider.Credential;

    /// <summary>
    /// A Google batch part's headers as the upstream applies them (https://developers.google.com/gmail/api/guides/batch):
    /// the outer request's headers, but Content-* and those Latchkey replaces or strips (Authorization,
    /// Host, Cookie, ...), overlaid with the part's own. Null <paramref name="outer"/>: the part's own.
    /// </summary>
    private static IHeaderDictionary InheritedHeaders(IHeaderDictionary? outer, IHeaderDictionary part)
    {
        if (outer is null)
        {
            return part;
        }

        var merged = new HeaderDictionary();
        foreach (var (name, value) in outer)
        {
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !NotInherited.Contains(name))
            {
                merged[name] = value;
            }
        }

        foreach (var (name, value) in part)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static RequestVerdict JudgeOne(
        RuleSet rules, ProviderDefinition provider, BatchSubRequest request, IHeaderDictionary headers, IReadOnlySet<string> scopes, ConditionTrace? trace)
    {
        if (!RequestJudge.TryAcceptTarget(request.Method, request.Target, null, null, out var target, out var refusal)
            || !RequestJudge.TryAcceptMethod(request.Method, out refusal))
        {
            return refusal;
        }

        // What a request sent alone meets at the data plane's first gate (RequestTargetMiddleware).
        if (SteeringHeaders.Find(headers, out _) is not null)
        {
            return RequestVerdict.Ambiguous(PathRejection.SteeringHeader);
        }

        if (ProviderEndpoints.FindBatch(provider.BatchEndpoints, target.Path) is not null)
        {
            return RequestVerdict.Of(new RuleDecision(RuleOutcome.UnreadableContent, null, [], "A batch may not carry another batch."));
        }

        var facts = new RequestFacts(target.Path, target.Query, headers, request.Body) { Method = request.Method };
        return GraphQlGetRequest.Refusal(provider, facts, out var persistedOnly) is { } graphQlRefusal
            ? RequestVerdict.Of(graphQlRefusal)
            : RequestJudge.OfRules(rules, provider.Name, request.Method, facts with { OnlyGraphQlRules = persistedOnly }, scopes, trace);
    }
}
