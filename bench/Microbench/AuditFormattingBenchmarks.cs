using BenchmarkDotNet.Attributes;
using Latchkey.Audit;

namespace Latchkey.Microbench;

/// <summary>Time and allocations of formatting the CLEF line written once per proxied request.</summary>
[MemoryDiagnoser]
public class AuditFormattingBenchmarks
{
    private readonly AuditEvent _allowed = new()
    {
        EventType = AuditEvent.RequestEventType,
        Timestamp = new DateTimeOffset(2026, 11, 22, 18, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
        RequestId = "0HNA1B2C3D4E5:00000001",
        Tenant = "acme",
        UserId = "user-1",
        AgentId = "support-bot",
        SessionId = "ses_8f3a2c1b",
        Provider = "mail",
        RuleId = "mail.read",
        Method = "GET",
        Path = "/gmail/v1/users/me/messages/18c0a3f2e9b1d4a7",
        Decision = AuditDecisions.Allowed,
        Status = 200,
        UpstreamStatus = 200,
        DurationMs = 3.2417,
        CredentialMode = "user",
        ClientIp = "10.1.2.3",
    };

    // A refusal whose path needs escaping: the slower, rarer shape.
    private readonly AuditEvent _deniedEscaped;

    public AuditFormattingBenchmarks() => _deniedEscaped = _allowed with
    {
        Path = "/gmail/v1/users/me/settings/caf\u00e9\r\n\u001b[2J",
        Decision = AuditDecisions.Denied,
        Reason = "route_denied",
        RuleId = "mail.settings.deny",
        Status = 403,
        UpstreamStatus = null,
    };

    [Benchmark(Baseline = true)]
    public byte[] AllowedRequest() => ClefFormatter.FormatLine(_allowed);

    [Benchmark]
    public byte[] DeniedWithEscapedPath() => ClefFormatter.FormatLine(_deniedEscaped);
}
