using System.Globalization;
using System.Threading.RateLimiting;
using Latchkey.Hosting;

namespace Latchkey.RateLimiting;

/// <summary>The contract's 429 <c>rate_limited</c> answer, with <c>Retry-After</c>.</summary>
internal static class RateLimitRejection
{
    public static Task WriteAsync(HttpContext context, RateLimitLease lease)
    {
        // The lease's wait is to the next permit's time; it is granted at the next refill after that.
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling((wait + SessionRateLimiter.RefillInterval).TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited, "Too many requests for this session; retry after the time in Retry-After.");
    }
}
