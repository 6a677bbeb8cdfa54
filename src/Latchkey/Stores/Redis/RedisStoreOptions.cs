namespace Latchkey.Stores.Redis;

/// <summary>The Redis configuration string from <c>Latchkey:Redis</c>; may hold a password, so it is never logged.</summary>
internal sealed record RedisStoreOptions(string Configuration);
