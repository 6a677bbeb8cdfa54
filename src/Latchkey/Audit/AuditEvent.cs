namespace Latchkey.Audit;

/// <summary>
/// One audit record: exactly one per data-plane request and per state-changing management call.
/// Field names are the contract's (§6). Nothing here may hold a token, secret, query string or body.
/// </summary>
public sealed record AuditEvent
{
    public const string RequestEventType = "latchkey.request";
    public const string AdminEventType = "latchkey.admin";

    /// <summary>
    /// The write-ahead record of a request about to be forwarded: written (handed to the OS)
    /// before anything leaves for the upstream; the request's <see cref="RequestEventType"/>
    /// record follows as its completion.
    /// </summary>
    public const string ForwardEventType = "latchkey.forward";

    /// <summary>A request Kestrel refused before Latchkey's own code ran (malformed framing, oversized headers).</summary>
    public const string RejectedEventType = "latchkey.rejected";

    /// <summary>An approval notification that was dropped (queue full) or given up on after its last attempt (dead letter).</summary>
    public const string NotificationEventType = "latchkey.notification";

    public required string EventType { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string RequestId { get; init; }

    public string? Tenant { get; init; }

    public string? UserId { get; init; }

    public string? AgentId { get; init; }

    public string? SessionId { get; init; }

    public string? Provider { get; init; }

    public string? RuleId { get; init; }

    public string? Method { get; init; }

    /// <summary>Canonical upstream path, never a query string.</summary>
    public string? Path { get; init; }

    /// <summary><c>allowed</c>, <c>denied</c>, <c>approval_pending</c> or <c>failed</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>The contract error code, if any.</summary>
    public string? Reason { get; init; }

    /// <summary>The status sent to the agent; absent on a write-ahead record and when it is unknown.</summary>
    public int? Status { get; init; }

    public int? UpstreamStatus { get; init; }

    public double DurationMs { get; init; }

    /// <summary><c>user</c> or <c>agent</c>, when a credential was chosen.</summary>
    public string? CredentialMode { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>
    /// Forwarded requests' completions: <c>completed</c>, <c>client_aborted</c>,
    /// <c>upstream_aborted</c>, or <c>unknown</c> (the process stopped after forwarding).
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>Response body bytes sent to the agent, when counted.</summary>
    public long? ResponseBytes { get; init; }

    /// <summary>Admin events: what was done, e.g. <c>session.create</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Admin events: what it was done to, e.g. a session id.</summary>
    public string? Target { get; init; }

    /// <summary>True when the upstream's response carried the injected credential (scrubbed before the agent saw it); absent otherwise.</summary>
    public bool? CredentialEchoed { get; init; }

    /// <summary><c>host</c> when the provider was addressed by provider host (<c>Latchkey:ProviderHosts</c>); absent when by path.</summary>
    public string? Addressing { get; init; }

    /// <summary>The MCP tool a data-plane request was made for (<c>/mcp</c>, docs/mcp.md); absent for REST requests.</summary>
    public string? Tool { get; init; }

    /// <summary>Hex SHA-256 of the tool call's arguments in canonical JSON; never the values themselves.</summary>
    public string? ArgumentsHash { get; init; }

    /// <summary>
    /// <c>connection.delete</c> events: <c>revoked</c>, <c>failed</c> (deleted here all the same) or
    /// <c>not_supported</c> (the provider has no revocation endpoint); absent on other events.
    /// </summary>
    public string? Revocation { get; init; }

    /// <summary>
    /// Approval decisions: where the human decided (<c>api</c>, <c>page</c> or <c>slack</c>);
    /// notification events: the channel (<c>webhook</c>, <c>slack</c> or <c>teams</c>).
    /// </summary>
    public string? Channel { get; init; }

    /// <summary>Notification events: how many delivery attempts were made.</summary>
    public int? Attempts { get; init; }

    /// <summary>For a request to a batch path that was split: how many sub-requests it carried.</summary>
    public int? BatchSize { get; init; }

    /// <summary>For a split batch: the index of the sub-request that decided (the refused one, else the one held or allowed first); never its content.</summary>
    public int? BatchDecidingIndex { get; init; }

    /// <summary>
    /// On the data plane: the approval that holds the request (<c>approval_pending</c>) or that a
    /// human granted and this request used up (its <c>latchkey.forward</c> and completion), so an
    /// auditor can join a request to the decision recorded under <c>Target</c>; absent otherwise.
    /// </summary>
    public string? ApprovalId { get; init; }
}
