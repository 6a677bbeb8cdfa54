using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Latchkey.Sessions;

/// <summary>Issues, resolves, lists and revokes agent sessions on top of an <see cref="ISessionStore"/>.</summary>
internal sealed partial class SessionService
{
    private readonly ISessionStore _store;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<SessionOptions> _options;
    private readonly ILogger<SessionService> _logger;
    private readonly SessionValueInterner _interner = new();

    public SessionService(
        ISessionStore store,
        TimeProvider time,
        IOptionsMonitor<SessionOptions> options,
        ILogger<SessionService> logger)
    {
        _store = store;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Validates the input and stores a new session; the token is returned only here.</summary>
    public async Task<SessionCreateResult> CreateAsync(
        string tenant,
        string userId,
        string? agentId,
        IReadOnlyCollection<string>? scopes,
        long? ttlSeconds,
        CancellationToken cancellationToken)
    {
        if (!SessionInputValidator.IsValidPrincipalName(tenant))
        {
            return SessionCreateResult.Invalid("tenant");
        }

        if (!SessionInputValidator.IsValidPrincipalName(userId))
        {
            return SessionCreateResult.Invalid("user_id");
        }

        if (!SessionInputValidator.IsValidAgentId(agentId))
        {
            return SessionCreateResult.Invalid("agent_id");
        }

        scopes ??= [];
        if (scopes.Count > SessionInputValidator.MaxScopes || !scopes.All(SessionInputValidator.IsValidScope))
        {
            return SessionCreateResult.Invalid("scopes");
        }

        var options = _options.CurrentValue;
        TimeSpan ttl;
        if (ttlSeconds is null)
        {
            ttl = options.EffectiveDefaultTtl;
        }
        else if (ttlSeconds < 1 || ttlSeconds > options.MaxTtl.TotalSeconds)
        {
            return SessionCreateResult.Invalid("ttl_seconds");
        }
        else
        {
            ttl = TimeSpan.FromSeconds(ttlSeconds.Value);
        }

        var now = _time.GetUtcNow();
        var token = SessionTokens.Generate();
        var record = new SessionRecord
        {
            Id = SessionIds.Generate(),
            TokenHash = SessionTokens.Hash(token),
            Tenant = _interner.Intern(tenant),
            UserId = _interner.Intern(userId),
            AgentId = _interner.Intern(agentId!),
            Scopes = _interner.ScopeSet(scopes),
            CreatedAt = now,
            ExpiresAt = now + ttl,
        };
        await _store.CreateAsync(record, cancellationToken);
        Log.SessionCreated(_logger, record.Id, record.AgentId, record.ExpiresAt);
        return SessionCreateResult.Created(new IssuedSession(record, token));
    }

    /// <summary>The active session behind a token, or null when malformed, unknown, expired or revoked.</summary>
    public async ValueTask<SessionRecord?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        if (!SessionTokens.IsWellFormed(token))
        {
            return null;
        }

        return await ResolveByTokenHashAsync(SessionTokens.Hash(token), cancellationToken);
    }

    /// <summary>The active session whose token hashes to <paramref name="tokenHash"/> (<see cref="SessionTokens.Hash"/>), or null.</summary>
    public async ValueTask<SessionRecord?> ResolveByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var record = await _store.FindByTokenHashAsync(tokenHash, cancellationToken);
        return record is not null && record.IsActive(_time.GetUtcNow()) ? record : null;
    }

    /// <summary>The session, revoked or not, until it expires; null once expired or unknown.</summary>
    public async Task<SessionRecord?> GetUnexpiredAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(tenant, id, cancellationToken);
        return record is not null && _time.GetUtcNow() < record.ExpiresAt ? record : null;
    }

    /// <summary>Active sessions of a tenant, optionally of one user only.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListActiveAsync(
        string tenant,
        string? userId,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var all = await _store.ListAsync(tenant, userId, cancellationToken);
        return [.. all.Where(s => s.IsActive(now)).OrderBy(s => s.CreatedAt)];
    }

    public async Task<bool> RevokeAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var revoked = await _store.RevokeAsync(tenant, id, _time.GetUtcNow(), cancellationToken);
        if (revoked)
        {
            Log.SessionRevoked(_logger, id);
        }

        return revoked;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, EventName = "SessionCreated", Level = LogLevel.Information,
            Message = "Session {SessionId} created for agent {AgentId}, expires {ExpiresAt}")]
        public static partial void SessionCreated(ILogger logger, string sessionId, string agentId, DateTimeOffset expiresAt);

        [LoggerMessage(EventId = 1011, EventName = "SessionRevoked", Level = LogLevel.Information,
            Message = "Session {SessionId} revoked")]
        public static partial void SessionRevoked(ILogger logger, string sessionId);
    }
}
