namespace Latchkey.Hosting.Errors;

/// <summary>One error answer as the contract defines it, before a provider's envelope shapes it.</summary>
/// <param name="Status">The contract's status for <paramref name="Code"/> (docs/contract.md §3).</param>
/// <param name="Code">The Latchkey error code, e.g. <c>route_denied</c>.</param>
/// <param name="Message">A fixed text chosen by the caller: never exception text or echoed input.</param>
/// <param name="RequestId">The request's <c>Latchkey-Request-Id</c>.</param>
/// <param name="Extra">The code's extra fields (<c>rule</c>, <c>approval_id</c>, <c>authorize_url</c>, ...), in order.</param>
/// <param name="Retryable">True when the same request can succeed later unchanged (rate limit, outage); false for refusals and config errors.</param>
public readonly record struct ErrorDetails(
    int Status,
    string Code,
    string Message,
    string? RequestId,
    IReadOnlyDictionary<string, object?>? Extra,
    bool Retryable);
