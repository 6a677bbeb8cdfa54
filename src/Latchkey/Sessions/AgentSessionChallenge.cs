using Latchkey.Hosting;

namespace Latchkey.Sessions;

/// <summary>
/// The contract's answer to a request without a usable session: 401 <c>invalid_session</c> with
/// <c>WWW-Authenticate</c>, or 503 <c>store_unavailable</c> when the store could not be asked.
/// </summary>
internal static class AgentSessionChallenge
{
    public static Task WriteAsync(HttpContext context, SessionResolutionFailure failure, string realm)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (failure == SessionResolutionFailure.StoreUnavailable)
        {
            return ErrorResponseWriter.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.StoreUnavailable,
                "The session store is unavailable; try again later.");
        }

        if (failure == SessionResolutionFailure.Conflicting)
        {
            return ErrorResponseWriter.WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                ErrorCodes.SessionTokenMisplaced,
                "Two different session tokens were sent: send exactly one.");
        }

        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\"";
        return ErrorResponseWriter.WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            ErrorCodes.InvalidSession,
            "The session token is missing, unknown, expired or revoked.");
    }
}
