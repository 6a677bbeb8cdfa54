namespace Latchkey.RateLimiting;

/// <summary>
/// Identifies one token bucket. The tenant is part of it so identical session ids in two
/// tenants could never share a bucket; a struct, so looking a bucket up allocates nothing.
/// </summary>
internal readonly record struct SessionBucketKey(string Tenant, string SessionId, string Provider);
