using Latchkey.Rules.Conditions;

namespace Latchkey.Admin;

/// <summary>
/// The data plane's decision for an explained request, and why; <c>conditions</c> lists each rule
/// whose path matched but whose conditions did not hold (or could not be read), with the value seen.
/// For a tool of tools.yaml, <c>request</c> is the provider request the call maps to (method, path and query).
/// For a batch that was split, <c>sub_requests</c> is how many it carried and <c>sub_request</c> the
/// index of the one that decided (its id, when a plain token, is in <c>reason</c>).
/// </summary>
internal sealed record ExplainResponse(
    string Decision, string? Rule, string Reason, IReadOnlyList<string>? Required, IReadOnlyList<ConditionFailure>? Conditions = null,
    int? SubRequests = null, int? SubRequest = null)
{
    public string? Request { get; init; }
}
