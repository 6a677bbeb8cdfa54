namespace Latchkey.Hosting;

/// <summary>
/// The error codes an SDK may retry automatically: the same request can succeed later without
/// anyone changing anything (a rate limit, an outage). Every other error is a refusal or a config
/// error that a retry only repeats; those carry <c>x-should-retry: false</c>.
/// </summary>
public static class RetryableErrors
{
    public static bool Contains(string code) => code is ErrorCodes.RateLimited
        or ErrorCodes.StoreUnavailable
        or ErrorCodes.AuditUnavailable
        or ErrorCodes.UpstreamUnreachable
        or ErrorCodes.UpstreamTimeout
        or ErrorCodes.InternalError;
}
