using System.Text;

namespace Latchkey.Stores.Redis;

/// <summary>
/// Every Redis key Latchkey uses. Keys carry the tenant; keys written together share a hash tag
/// (<c>{t:tenant}</c> or <c>{c:tenant:user}</c>) so multi-key operations stay in one Redis Cluster
/// slot. Names are escaped so no tenant, user or provider can reach into another's key space.
/// </summary>
internal static class RedisKeys
{
    public const string Prefix = "lk:";

    /// <summary>The pub/sub channel carrying cache invalidations between instances.</summary>
    public const string ChangeChannel = Prefix + "changes";

    /// <summary>All connections' keys, for the idle refresher only.</summary>
    public const string ConnectionIndex = Prefix + "connection-index";

    public const string DataProtectionKeys = Prefix + "dataprotection-keys";

    /// <summary>
    /// Revoked sessions ("tenant\nid") scored by the session's expiry, read by every instance when it
    /// subscribes; its own slot, so one read serves a Redis Cluster too.
    /// </summary>
    public const string RevokedSessions = Prefix + "revoked-sessions";

    public static string Session(string tenant, string id) => $"{Prefix}{{t:{Part(tenant)}}}:session:{Part(id)}";

    public static string TenantSessions(string tenant) => $"{Prefix}{{t:{Part(tenant)}}}:sessions";

    /// <summary>Token hash → session; the data plane knows no tenant yet, so this key has its own slot.</summary>
    public static string SessionToken(string tokenHash) => $"{Prefix}token:{{{Part(tokenHash)}}}";

    public static string Connection(string tenant, string userId, string provider) =>
        $"{Prefix}{{c:{Part(tenant)}:{Part(userId)}}}:connection:{Part(provider)}";

    public static string UserConnections(string tenant, string userId) =>
        $"{Prefix}{{c:{Part(tenant)}:{Part(userId)}}}:connections";

    public static string RefreshLease(string tenant, string userId, string provider) =>
        $"{Prefix}{{c:{Part(tenant)}:{Part(userId)}}}:refresh-lease:{Part(provider)}";

    public static string Flow(string tenant, string id) => $"{Prefix}{{t:{Part(tenant)}}}:flow:{Part(id)}";

    public static string FlowState(string stateHash) => $"{Prefix}state:{{{Part(stateHash)}}}";

    /// <summary>Link hash → flow, for the connect page (which knows no tenant yet); its own slot.</summary>
    public static string FlowLink(string linkHash) => $"{Prefix}link:{{{Part(linkHash)}}}";

    /// <summary>A provider's dynamically registered OAuth client, shared by every tenant and instance; its own slot.</summary>
    public static string RegisteredClient(string provider) => $"{Prefix}oauth-client:{{{Part(provider)}}}";

    public static string Approval(string tenant, string id) => $"{Prefix}{{t:{Part(tenant)}}}:approval:{Part(id)}";

    public static string TenantApprovals(string tenant) => $"{Prefix}{{t:{Part(tenant)}}}:approvals";

    /// <summary>The approvals of one session bound to one fingerprint (how a retried MCP tool call finds its approval), in the tenant's slot.</summary>
    public static string BoundApprovals(string tenant, string sessionId, string fingerprint) =>
        $"{Prefix}{{t:{Part(tenant)}}}:approvals-bound:{Part(sessionId)}:{Part(fingerprint)}";

    /// <summary>
    /// Escapes a name for use inside a key: letters, digits and <c>. _ - @</c> stay, every other
    /// UTF-8 byte becomes <c>%XX</c>, so braces (hash tags), colons (separators) and spaces never
    /// appear raw and two different names never map to the same key.
    /// </summary>
    public static string Part(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAnyExcept(SafeCharacters) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && SafeCharacters.Contains(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> SafeCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-@");
}
