namespace Latchkey.Rules.Batch;

/// <summary>Bounds on what a batch may carry before Latchkey refuses to judge it (docs/rules-conditions.md, "Batch requests").</summary>
public static class BatchLimits
{
    /// <summary>
    /// Sub-requests judged in one batch: above this the whole batch is refused (400). Graph allows
    /// 20, Salesforce composite 25 (batch 25), Google 1000; 100 keeps a batch's judging cost bounded.
    /// </summary>
    public const int MaxSubRequests = 100;

    /// <summary>Longest sub-request target (path and query) judged.</summary>
    public const int MaxTargetLength = 8 * 1024;
}
