using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Stores;

namespace Latchkey.Sessions;

/// <summary>
/// Reads the agent session behind a request's session token (<see cref="SessionTokenReader"/>). The one place that
/// parses session credentials: the <c>AgentSession</c> scheme (management endpoints an agent
/// may call) and the data plane's session step both use it. Malformed credentials fail
/// without a store call.
/// </summary>
internal sealed partial class AgentSessionResolver
{
    private readonly SessionService _sessions;
    private readonly ILogger<AgentSessionResolver> _logger;

    public AgentSessionResolver(SessionService sessions, ILogger<AgentSessionResolver> logger)
    {
        _sessions = sessions;
        _logger = logger;
    }

    /// <summary>The session behind the request's <c>Authorization</c> header (the management endpoints' only position).</summary>
    public ValueTask<SessionResolution> ResolveAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ResolveAsync(SessionTokenReader.Read(request, string.Empty, SessionTokenSource.Default), cancellationToken);

    /// <summary>The session behind a token already read from the positions its provider allows.</summary>
    public ValueTask<SessionResolution> ResolveAsync(in SessionTokenRead read, CancellationToken cancellationToken)
    {
        if (read.Failure != SessionResolutionFailure.None)
        {
            if (read.Failure != SessionResolutionFailure.NoCredential)
            {
                Log.CredentialRejected(_logger, read.Failure == SessionResolutionFailure.Conflicting
                    ? "different session tokens in one request"
                    : "a session token position given more than once");
            }

            return ValueTask.FromResult(SessionResolution.Failed(read.Failure));
        }

        // A query value is a new string every time: only header values are worth remembering.
        var value = read.Value!;
        var memoize = read.Source!.Kind != SessionTokenSourceKind.Query;
        if (!memoize || !SessionTokenHashMemo.TryGet(value, out var tokenHash))
        {
            var token = read.Source.Kind == SessionTokenSourceKind.Authorization ? SessionCredentialParser.Parse(value) : value;
            if (token is null || !SessionTokens.IsWellFormed(token))
            {
                Log.CredentialRejected(_logger, "malformed credential");
                return ValueTask.FromResult(SessionResolution.Failed(SessionResolutionFailure.Malformed));
            }

            tokenHash = SessionTokens.Hash(token);
            if (memoize)
            {
                SessionTokenHashMemo.Remember(value, tokenHash);
            }
        }

        ValueTask<SessionRecord?> lookup;
        try
        {
            lookup = _sessions.ResolveByTokenHashAsync(tokenHash!, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            return ValueTask.FromResult(StoreUnavailable(ex));
        }

        // The warm path (a cached session) completes synchronously: no state machine for it.
        return lookup.IsCompletedSuccessfully ? ValueTask.FromResult(Resolved(lookup.Result)) : AwaitAsync(lookup);
    }

    private async ValueTask<SessionResolution> AwaitAsync(ValueTask<SessionRecord?> lookup)
    {
        try
        {
            return Resolved(await lookup);
        }
        catch (StoreUnavailableException ex)
        {
            return StoreUnavailable(ex);
        }
    }

    private SessionResolution Resolved(SessionRecord? session)
    {
        if (session is null)
        {
            Log.CredentialRejected(_logger, "unknown, expired or revoked session");
            return SessionResolution.Failed(SessionResolutionFailure.Unknown);
        }

        Log.SessionAuthenticated(_logger, session.Id);
        return SessionResolution.Resolved(session);
    }

    private SessionResolution StoreUnavailable(Exception ex)
    {
        Log.StoreUnavailable(_logger, ex);
        return SessionResolution.Failed(SessionResolutionFailure.StoreUnavailable);
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
