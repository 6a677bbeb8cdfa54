using System.Collections.Frozen;
using Latchkey.Sessions;

namespace Latchkey.Tests.Stores.Caching;

/// <summary>Sessions for the cache tests: tenant <c>acme</c>, id <c>ses_</c> + token hash, one hour unless told.</summary>
internal static class TestSessions
{
    public static SessionRecord Create(string tokenHash, DateTimeOffset now, TimeSpan? lifetime = null) => new()
    {
        Id = "ses_" + tokenHash,
        TokenHash = tokenHash,
        Tenant = "acme",
        UserId = "alice",
        AgentId = "bot",
        Scopes = new[] { "s" }.ToFrozenSet(StringComparer.Ordinal),
        CreatedAt = now,
        ExpiresAt = now + (lifetime ?? TimeSpan.FromHours(1)),
    };
}
