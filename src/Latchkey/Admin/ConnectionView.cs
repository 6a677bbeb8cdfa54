using Latchkey.Credentials;

namespace Latchkey.Admin;

/// <summary>One connection as <c>GET /v1/connections</c> shows it: metadata only, never tokens.</summary>
internal sealed record ConnectionView(string Provider, IReadOnlyList<string> Scopes, DateTimeOffset ConnectedAt, DateTimeOffset? ExpiresAt)
{
    public static ConnectionView From(ConnectionRecord record) =>
        new(record.Key.Provider, record.Scopes, record.ConnectedAt, record.ExpiresAt);
}
