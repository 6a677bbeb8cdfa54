using System.Text.Json.Serialization;
using Latchkey.Approvals;
using Latchkey.Credentials;

namespace Latchkey.Stores.Redis;

/// <summary>Source-generated JSON for what the Redis stores persist (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredSession))]
[JsonSerializable(typeof(ConnectionRecord))]
[JsonSerializable(typeof(ConnectFlow))]
[JsonSerializable(typeof(ApprovalRecord))]
[JsonSerializable(typeof(StoreChange))]
internal sealed partial class RedisStoreJsonContext : JsonSerializerContext;
