using Latchkey.Config;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.DataPlane;

/// <summary>
/// Reads the agent session from the positions the provider allows (<c>session_token_from</c>)
/// and answers 401 <c>invalid_session</c> (or 503 <c>store_unavailable</c>) when there is none;
/// only then does an unknown provider get its 404, so provider names cannot be probed
/// anonymously. The token is kept out of everything forwarded (<see cref="SessionTokenLeakCheck"/>).
/// Nothing after this step runs without a session.
/// </summary>
/// <remarks>
/// It asks <see cref="AgentSessionResolver"/> directly, the same code the <c>AgentSession</c>
/// scheme runs, instead of going through ASP.NET's authentication service: on the hottest
/// path that saves a handler instance (and its logger) per request, the claims principal no
/// data-plane step reads, and the service's lookups (bench/README.md). Provider routes carry
/// no ASP.NET authorization policy for the same reason.
/// </remarks>
internal sealed partial class SessionAuthenticationStep
{
    private readonly RequestDelegate _next;
    private readonly AgentSessionResolver _resolver;
    private readonly IOptionsMonitor<AgentSessionAuthenticationOptions> _options;
    private readonly ILogger<SessionAuthenticationStep> _logger;

    public SessionAuthenticationStep(
        RequestDelegate next,
        AgentSessionResolver resolver,
        IOptionsMonitor<AgentSessionAuthenticationOptions> options,
        ILogger<SessionAuthenticationStep> logger)
    {
        _next = next;
        _resolver = resolver;
        _options = options;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();

        // An unknown provider's agents present the token where every provider accepts it.
        var sources = agentRequest.ProviderDefinition?.SessionTokenFrom ?? SessionTokenSource.Default;
        var read = SessionTokenReader.Read(context.Request, agentRequest.Query, sources);
        var resolution = _resolver.ResolveAsync(read, context.RequestAborted);
        return resolution.IsCompletedSuccessfully
            ? Continue(context, agentRequest, read, resolution.Result)
            : ContinueAsync(context, agentRequest, read, resolution);
    }

    private async Task ContinueAsync(HttpContext context, AgentRequestFeature agentRequest, SessionTokenRead read, ValueTask<SessionResolution> resolution) =>
        await Continue(context, agentRequest, read, await resolution);

    private Task Continue(HttpContext context, AgentRequestFeature agentRequest, in SessionTokenRead read, SessionResolution resolution)
    {
        if (resolution.Session is not { } session)
        {
            return AgentSessionChallenge.WriteAsync(
                context, resolution.Failure, _options.Get(AgentSessionDefaults.AuthenticationScheme).Realm);
        }

        context.Features.Set(new AgentSessionFeature(session));
        agentRequest.Session = session;
        if (agentRequest.ProviderDefinition is null)
        {
            return UnknownProviderEndpoint.WriteAsync(context, agentRequest);
        }

        if (!SessionTokenLeakCheck.Apply(context.Request, agentRequest, read))
        {
            Log.TokenMisplaced(_logger, session.Id);
            return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.SessionTokenMisplaced,
                "A session token may appear only in the one position the provider accepts it in; never in the query (other than that position), "
                + "a form field, or as a second, different token.");
        }

        return _next(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4007, EventName = "SessionTokenMisplaced", Level = LogLevel.Information,
            Message = "Refused a request of session {SessionId} carrying a session token where it would be forwarded")]
        public static partial void TokenMisplaced(ILogger logger, string sessionId);
    }
}
