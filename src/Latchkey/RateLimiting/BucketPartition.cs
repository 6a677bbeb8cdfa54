namespace Latchkey.RateLimiting;

/// <summary>
/// A session's bucket under the limits in force when it was looked up. The limits are part of the
/// key, so a changed setting starts a new bucket at once (the old one idles out) and the bucket
/// is built from exactly the limits the request was judged by.
/// </summary>
internal readonly record struct BucketPartition(SessionBucketKey Session, BucketLimits Limits);
