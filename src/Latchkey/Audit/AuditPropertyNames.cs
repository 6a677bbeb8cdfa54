namespace Latchkey.Audit;

/// <summary>The contract's (§6) audit property names, in one place for CLEF, the console and tests.</summary>
public static class AuditPropertyNames
{
    public const string EventType = nameof(AuditEvent.EventType);
    public const string RequestId = nameof(AuditEvent.RequestId);
    public const string Tenant = nameof(AuditEvent.Tenant);
    public const string UserId = nameof(AuditEvent.UserId);
    public const string AgentId = nameof(AuditEvent.AgentId);
    public const string SessionId = nameof(AuditEvent.SessionId);
    public const string Provider = nameof(AuditEvent.Provider);
    public const string RuleId = nameof(AuditEvent.RuleId);
    public const string Method = nameof(AuditEvent.Method);
    public const string Path = nameof(AuditEvent.Path);
    public const string Decision = nameof(AuditEvent.Decision);
    public const string Reason = nameof(AuditEvent.Reason);
    public const string Status = nameof(AuditEvent.Status);
    public const string UpstreamStatus = nameof(AuditEvent.UpstreamStatus);
    public const string DurationMs = nameof(AuditEvent.DurationMs);
    public const string CredentialMode = nameof(AuditEvent.CredentialMode);
    public const string ClientIp = nameof(AuditEvent.ClientIp);
    public const string Outcome = nameof(AuditEvent.Outcome);
    public const string ResponseBytes = nameof(AuditEvent.ResponseBytes);
    public const string Action = nameof(AuditEvent.Action);
    public const string Target = nameof(AuditEvent.Target);
    public const string CredentialEchoed = nameof(AuditEvent.CredentialEchoed);
    public const string Addressing = nameof(AuditEvent.Addressing);
    public const string Tool = nameof(AuditEvent.Tool);
    public const string ArgumentsHash = nameof(AuditEvent.ArgumentsHash);
    public const string Revocation = nameof(AuditEvent.Revocation);
    public const string Channel = nameof(AuditEvent.Channel);
    public const string Attempts = nameof(AuditEvent.Attempts);
    public const string BatchSize = nameof(AuditEvent.BatchSize);
    public const string BatchDecidingIndex = nameof(AuditEvent.BatchDecidingIndex);
    public const string ApprovalId = nameof(AuditEvent.ApprovalId);

    /// <summary>
    /// Every field of an event by contract name, nulls omitted, in a fixed order: the contract's
    /// view of the record, which tests check the CLEF line against. ClefFormatter writes the same
    /// fields in the same order without this list (it boxes and allocates per call), and
    /// ClefFormatterTests pins its bytes to a formatter that goes through it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Properties(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var list = new List<KeyValuePair<string, object>>(30);
        Add(list, EventType, auditEvent.EventType);
        Add(list, RequestId, auditEvent.RequestId);
        Add(list, Tenant, auditEvent.Tenant);
        Add(list, UserId, auditEvent.UserId);
        Add(list, AgentId, auditEvent.AgentId);
        Add(list, SessionId, auditEvent.SessionId);
        Add(list, Provider, auditEvent.Provider);
        Add(list, RuleId, auditEvent.RuleId);
        Add(list, Method, auditEvent.Method);
        Add(list, Path, auditEvent.Path);
        Add(list, Decision, auditEvent.Decision);
        Add(list, Reason, auditEvent.Reason);
        Add(list, Status, auditEvent.Status);
        Add(list, UpstreamStatus, auditEvent.UpstreamStatus);
        Add(list, DurationMs, auditEvent.DurationMs);
        Add(list, CredentialMode, auditEvent.CredentialMode);
        Add(list, ClientIp, auditEvent.ClientIp);
        Add(list, Outcome, auditEvent.Outcome);
        Add(list, ResponseBytes, auditEvent.ResponseBytes);
        Add(list, Action, auditEvent.Action);
        Add(list, Target, auditEvent.Target);
        Add(list, CredentialEchoed, auditEvent.CredentialEchoed);
        Add(list, Addressing, auditEvent.Addressing);
        Add(list, Tool, auditEvent.Tool);
        Add(list, ArgumentsHash, auditEvent.ArgumentsHash);
        Add(list, Revocation, auditEvent.Revocation);
        Add(list, Channel, auditEvent.Channel);
        Add(list, Attempts, auditEvent.Attempts);
        Add(list, BatchSize, auditEvent.BatchSize);
        Add(list, BatchDecidingIndex, auditEvent.BatchDecidingIndex);
        Add(list, ApprovalId, auditEvent.ApprovalId);
        return list;
    }

    private static void Add(List<KeyValuePair<string, object>> list, string name, object? value)
    {
        if (value is not null)
        {
            list.Add(new(name, value));
        }
    }
}
