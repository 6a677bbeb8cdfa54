using System.Globalization;
using System.Threading.RateLimiting;
using Latchkey.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace Latchkey.RateLimiting;

/// <summary>The contract's 429 <c>rate_limited</c> answer, with <c>Retry-After</c>.</summary>
internal static class RateLimitRejection
{
    public static ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(ErrorResponseWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited, "Too many requests for this session; retry after the time in Retry-After."));
    }
}
