using System.Security.Claims;
using System.Text.Encodings.Web;
using Latchkey.Hosting;
using Latchkey.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Latchkey.Sessions;

/// <summary>
/// The <c>AgentSession</c> scheme: turns the opaque session token in <c>Authorization</c> into a
/// principal and an <see cref="AgentSessionFeature"/>. Malformed credentials fail without a store call.
/// </summary>
internal sealed partial class AgentSessionAuthenticationHandler : AuthenticationHandler<AgentSessionAuthenticationOptions>
{
    private readonly SessionService _sessions;
    private bool _storeUnavailable;

    public AgentSessionAuthenticationHandler(
        IOptionsMonitor<AgentSessionAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        SessionService sessions)
        : base(options, logger, encoder)
    {
        _sessions = sessions;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers.Authorization;
        if (values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        // Two Authorization headers could be read differently by us and by anything behind us.
        if (values.Count > 1)
        {
            Log.CredentialRejected(Logger, "multiple Authorization headers");
            return AuthenticateResult.Fail("Multiple Authorization headers.");
        }

        var token = SessionCredentialParser.Parse(values[0]);
        if (token is null || !SessionTokens.IsWellFormed(token))
        {
            Log.CredentialRejected(Logger, "malformed credential");
            return AuthenticateResult.Fail("Malformed session credential.");
        }

        SessionRecord? session;
        try
        {
            session = await _sessions.ResolveAsync(token, Context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            _storeUnavailable = true;
            Log.StoreUnavailable(Logger, ex);
            return AuthenticateResult.Fail("Session store unavailable.");
        }

        if (session is null)
        {
            Log.CredentialRejected(Logger, "unknown, expired or revoked session");
            return AuthenticateResult.Fail("Unknown, expired or revoked session.");
        }

        Context.Features.Set(new AgentSessionFeature(session));
        Log.SessionAuthenticated(Logger, session.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(session), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_storeUnavailable)
        {
            return ErrorResponseWriter.WriteAsync(
                Context,
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.StoreUnavailable,
                "The session store is unavailable; try again later.");
        }

        Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Options.Realm}\"";
        return ErrorResponseWriter.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            ErrorCodes.InvalidSession,
            "The session token is missing, unknown, expired or revoked.");
    }

    private ClaimsPrincipal CreatePrincipal(SessionRecord session)
    {
        var claims = new List<Claim>(4 + session.Scopes.Count)
        {
            new(AgentSessionClaimTypes.Subject, session.UserId),
            new(AgentSessionClaimTypes.Tenant, session.Tenant),
            new(AgentSessionClaimTypes.AgentId, session.AgentId),
            new(AgentSessionClaimTypes.SessionId, session.Id),
        };
        claims.AddRange(session.Scopes.Select(s => new Claim(AgentSessionClaimTypes.Scope, s)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, AgentSessionClaimTypes.Subject, roleType: null);
        return new ClaimsPrincipal(identity);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "SessionAuthenticated", Level = LogLevel.Debug,
            Message = "Request authenticated with session {SessionId}")]
        public static partial void SessionAuthenticated(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 1002, EventName = "SessionCredentialRejected", Level = LogLevel.Debug,
            Message = "Session credential rejected: {Reason}")]
        public static partial void CredentialRejected(ILogger logger, string reason);

        [LoggerMessage(EventId = 1003, EventName = "SessionStoreUnavailable", Level = LogLevel.Warning,
            Message = "Session store unavailable while resolving a session token")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception);
    }
}
