namespace Latchkey.Audit;

/// <summary>The values of <see cref="AuditEvent.Outcome"/>: how a forwarded request ended.</summary>
public static class AuditOutcomes
{
    /// <summary>The upstream's response was relayed to the agent in full.</summary>
    public const string Completed = "completed";

    /// <summary>The agent went away before the response was complete.</summary>
    public const string ClientAborted = "client_aborted";

    /// <summary>The upstream broke off its response after it had started.</summary>
    public const string UpstreamAborted = "upstream_aborted";

    /// <summary>The process stopped after forwarding and before the completion was written; set at the next start.</summary>
    public const string Unknown = "unknown";
}
