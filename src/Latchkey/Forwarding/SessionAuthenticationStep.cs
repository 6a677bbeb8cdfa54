using Latchkey.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace Latchkey.Forwarding;

/// <summary>
/// First step of every provider route: authenticates the agent session through the
/// <c>AgentSession</c> scheme and lets its handler answer 401 <c>invalid_session</c> (or 503
/// <c>store_unavailable</c>) when that fails. Nothing after this step runs without a session.
/// </summary>
/// <remarks>
/// Provider routes carry no authorization policy: the only requirement is an authenticated
/// session, and asking the scheme directly skips the policy evaluator, the authorization
/// service and their per-request allocations on the hottest path (bench/README.md).
/// </remarks>
internal sealed class SessionAuthenticationStep
{
    private readonly RequestDelegate _next;

    public SessionAuthenticationStep(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var authenticate = context.AuthenticateAsync(AgentSessionDefaults.AuthenticationScheme);
        return authenticate.IsCompletedSuccessfully
            ? Continue(context, authenticate.Result)
            : ContinueAsync(context, authenticate);
    }

    private async Task ContinueAsync(HttpContext context, Task<AuthenticateResult> authenticate) =>
        await Continue(context, await authenticate);

    private Task Continue(HttpContext context, AuthenticateResult result)
    {
        if (!result.Succeeded || context.Features.Get<AgentSessionFeature>() is null)
        {
            return context.ChallengeAsync(AgentSessionDefaults.AuthenticationScheme);
        }

        context.User = result.Principal;
        return _next(context);
    }
}
