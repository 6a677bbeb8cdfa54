using Latchkey.Sessions;
using Microsoft.Extensions.Options;

namespace Latchkey.Forwarding;

/// <summary>
/// First step of every provider route: reads the agent session and answers 401
/// <c>invalid_session</c> (or 503 <c>store_unavailable</c>) when there is none. Nothing after
/// this step runs without a session.
/// </summary>
/// <remarks>
/// It asks <see cref="AgentSessionResolver"/> directly, the same code the <c>AgentSession</c>
/// scheme runs, instead of going through ASP.NET's authentication service: on the hottest
/// path that saves a handler instance (and its logger) per request, the claims principal no
/// data-plane step reads, and the service's lookups (bench/README.md). Provider routes carry
/// no ASP.NET authorization policy for the same reason.
/// </remarks>
internal sealed class SessionAuthenticationStep
{
    private readonly RequestDelegate _next;
    private readonly AgentSessionResolver _resolver;
    private readonly IOptionsMonitor<AgentSessionAuthenticationOptions> _options;

    public SessionAuthenticationStep(RequestDelegate next, AgentSessionResolver resolver, IOptionsMonitor<AgentSessionAuthenticationOptions> options)
    {
        _next = next;
        _resolver = resolver;
        _options = options;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var resolution = _resolver.ResolveAsync(context.Request, context.RequestAborted);
        return resolution.IsCompletedSuccessfully
            ? Continue(context, resolution.Result)
            : ContinueAsync(context, resolution);
    }

    private async Task ContinueAsync(HttpContext context, ValueTask<SessionResolution> resolution) =>
        await Continue(context, await resolution);

    private Task Continue(HttpContext context, SessionResolution resolution)
    {
        if (resolution.Session is not { } session)
        {
            return AgentSessionChallenge.WriteAsync(
                context, resolution.Failure, _options.Get(AgentSessionDefaults.AuthenticationScheme).Realm);
        }

        context.Features.Set(new AgentSessionFeature(session));
        return _next(context);
    }
}
