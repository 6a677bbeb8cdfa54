using Latchkey.Providers;
using Latchkey.Rules.Conditions;

namespace Latchkey.Rules;

/// <summary>
/// Judges a request as the data plane does, in the data plane's order: TRACE and CONNECT, the
/// canonical target, any other method no rule can name, the provider, then the rules. The data
/// plane calls the stages where it has what they need (<see cref="TryAcceptTarget"/> and
/// <see cref="TryAcceptMethod"/> before routing, <see cref="OfRules"/> once the session is
/// known); explain calls <see cref="Judge"/>, which runs the same stages in the same order.
/// Pure, allocation-free for a canonical target, and thread-safe.
/// </summary>
public static class RequestJudge
{
    /// <summary>
    /// The first gate: TRACE and CONNECT are refused before anything reads the target, then the
    /// raw target is canonicalised (hints as for <see cref="RequestTargetCanonicalizer.Canonicalize(string, string?, string?)"/>).
    /// </summary>
    public static bool TryAcceptTarget(
        string method, string rawTarget, string? pathHint, string? queryHint, out CanonicalTarget target, out RequestVerdict refusal)
    {
        if (HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method))
        {
            target = default;
            refusal = RequestVerdict.MethodNotAllowed;
            return false;
        }

        target = RequestTargetCanonicalizer.Canonicalize(rawTarget, pathHint, queryHint);
        refusal = target.IsSuccess ? default : RequestVerdict.Ambiguous(target.Rejection);
        return target.IsSuccess;
    }

    /// <summary>After the target is canonical and addresses a provider: a method no rule can name is never forwarded.</summary>
    public static bool TryAcceptMethod(string method, out RequestVerdict refusal)
    {
        var accepted = RuleMethods.All.Contains(method);
        refusal = accepted ? default : RequestVerdict.MethodNotAllowed;
        return accepted;
    }

    /// <summary>The allowlist's verdict for a request to a configured provider.</summary>
    public static RequestVerdict OfRules(RuleSet rules, string provider, string method, string upstreamPath, IReadOnlySet<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return RequestVerdict.Of(rules.Decide(provider, method, upstreamPath, scopes));
    }

    /// <summary>The allowlist's verdict over the whole request, for rules with conditions (docs/rules-conditions.md).</summary>
    public static RequestVerdict OfRules(
        RuleSet rules, string provider, string method, in RequestFacts facts, IReadOnlySet<string> scopes, ConditionTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return RequestVerdict.Of(rules.Decide(provider, method, facts, scopes, trace));
    }

    /// <summary>
    /// The allowlist's verdict with what the provider says of its paths: a GraphQL GET is read as
    /// GraphQL (<see cref="GraphQl.GraphQlGetRequest"/>), and a POST to a batch path is judged by its
    /// sub-requests (<see cref="Batch.BatchJudge"/>, which needs the body's bytes). What the data
    /// plane and explain both call once the provider is known.
    /// </summary>
    public static Batch.BatchVerdict OfRequest(
        RuleSet rules, ProviderDefinition provider, string method, in RequestFacts facts, ReadOnlyMemory<byte>? body,
        IReadOnlySet<string> scopes, ConditionTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var withMethod = facts with { Method = method }; // every fact the caller set, and the method
        if (GraphQl.GraphQlGetRequest.Refusal(provider, withMethod, out var persistedOnly) is { } refusal)
        {
            return Batch.BatchVerdict.Whole(RequestVerdict.Of(refusal));
        }

        withMethod = withMethod with { OnlyGraphQlRules = persistedOnly };

        var endpoint = HttpMethods.IsPost(method) ? ProviderEndpoints.FindBatch(provider.BatchEndpoints, facts.UpstreamPath) : null;
        return endpoint is null
            ? Batch.BatchVerdict.Whole(OfRules(rules, provider.Name, method, withMethod, scopes, trace))
            : Batch.BatchJudge.Judge(rules, provider, endpoint, withMethod, body, scopes, trace);
    }

    /// <summary>
    /// The whole verdict for <paramref name="method"/> on <c>/{provider}{path}</c> by a session
    /// holding <paramref name="scopes"/>: what explain answers. <paramref name="path"/> is the raw
    /// upstream path (and query) as an agent would send it after the provider segment.
    /// </summary>
    public static RequestVerdict Judge(
        RuleSet rules,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        string provider,
        string method,
        string path,
        IReadOnlySet<string> scopes) =>
        Judge(rules, providers, provider, method, path, scopes, headers: null, body: null, trace: null);

    /// <summary>
    /// As above, with the headers and body a rule's conditions may read (a body a body-reading rule
    /// needs but that is null is unreadable, as on the data plane); <paramref name="trace"/> collects
    /// the conditions that did not hold.
    /// </summary>
    public static RequestVerdict Judge(
        RuleSet rules,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        string provider,
        string method,
        string path,
        IReadOnlySet<string> scopes,
        IHeaderDictionary? headers,
        InspectedBody? body,
        ConditionTrace? trace) =>
        Judge(rules, providers, provider, method, path, scopes, headers, body, rawBody: null, trace).Verdict;

    /// <summary>As above, with the body's exact bytes for a batch path, and what the batch verdict says of its sub-requests.</summary>
    public static Batch.BatchVerdict Judge(
        RuleSet rules,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        string provider,
        string method,
        string path,
        IReadOnlySet<string> scopes,
        IHeaderDictionary? headers,
        InspectedBody? body,
        ReadOnlyMemory<byte>? rawBody,
        ConditionTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(path);

        // The data plane canonicalises the whole target; a path that does not start with '/'
        // cannot follow a provider segment and is judged as it stands (not origin-form).
        var rawTarget = path.StartsWith('/') ? "/" + provider + path : path;
        if (!TryAcceptTarget(method, rawTarget, null, null, out var target, out var refusal)
            || !TryAcceptMethod(method, out refusal))
        {
            return Batch.BatchVerdict.Whole(refusal);
        }

        // Reserved segments (v1, oauth, ...) are never configured names, so they land here too.
        RequestTargetCanonicalizer.TrySplitProvider(target.Path, out var named, out var upstreamPath);
        return named == provider && providers.TryGetValue(named, out var definition)
            ? OfRequest(rules, definition, method, new RequestFacts(upstreamPath, target.Query, headers, body), rawBody, scopes, trace)
            : Batch.BatchVerdict.Whole(RequestVerdict.UnknownProvider);
    }
}
