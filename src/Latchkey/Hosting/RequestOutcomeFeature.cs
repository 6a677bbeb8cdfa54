using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Hosting;

/// <summary>
/// Per-request record of who refused the request and why, set by whichever step wrote the
/// error response and read by the audit step. One instance per request, created first.
/// </summary>
public sealed class RequestOutcomeFeature
{
    private string? _clientIp;

    public RequestOutcomeFeature(string requestId) => RequestId = requestId;

    public string RequestId { get; }

    /// <summary>The contract error code written to the client, if any.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>
    /// The contract's status for <see cref="ErrorCode"/> when Latchkey wrote the error; the status
    /// sent can differ (a provider's error envelope, e.g. Slack's 200 for a refusal).
    /// </summary>
    public int? ErrorStatus { get; set; }

    /// <summary>When the data plane's audit step saw the request (a <see cref="TimeProvider"/> timestamp).</summary>
    public long StartedAt { get; set; }

    /// <summary>Which of the request's audit records are already written (data plane only).</summary>
    public AuditProgress Audit { get; set; }

    /// <summary>The agent's connection broke before anything answered it, perhaps before Kestrel signalled the abort.</summary>
    public bool ClientLeft { get; set; }

    /// <summary>
    /// Records a refusal before its answer goes out (<see cref="ErrorResponseWriter"/>); set by the
    /// audit step. Held here rather than as a feature of its own: setting a feature per request
    /// cost a feature-collection change on every request (bench/README.md).
    /// </summary>
    public IRefusalAudit? RefusalAudit { get; set; }

    /// <summary>
    /// The client's address as the audit records show it: formatted once for the request's
    /// records (a forwarded request has two) rather than once per record.
    /// </summary>
    public string? ClientIp(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _clientIp ??= context.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress?.ToString();
    }
}
