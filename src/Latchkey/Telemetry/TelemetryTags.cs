namespace Latchkey.Telemetry;

/// <summary>
/// The tag (attribute) names on Latchkey's metrics and spans, in one place. OpenTelemetry's
/// semantic-convention names where one exists; every value is bounded by configuration or the
/// contract (a provider name or <see cref="UnknownProvider"/>, an error code, a rule id, a method
/// or <see cref="OtherMethod"/>, a status code).
/// </summary>
public static class TelemetryTags
{
    public const string Provider = "latchkey.provider";
    public const string Decision = "latchkey.decision";
    public const string Reason = "latchkey.reason";
    public const string RuleId = "latchkey.rule_id";
    public const string Outcome = "latchkey.outcome";
    public const string RequestId = "latchkey.request_id";
    public const string UpstreamStatusCode = "latchkey.upstream.status_code";
    public const string Method = "http.request.method";
    public const string StatusCode = "http.response.status_code";
    public const string DbSystem = "db.system.name";

    /// <summary>A first path segment that names no configured provider: agent-chosen text never becomes a tag value.</summary>
    public const string UnknownProvider = "_unknown";

    /// <summary>A method no rule can name (refused 405): OpenTelemetry's spelling for "any other method".</summary>
    public const string OtherMethod = "_OTHER";
}
