namespace Latchkey.Telemetry;

/// <summary>
/// <c>Latchkey:Telemetry:Prometheus</c>: a scrape endpoint at <c>/metrics</c> (a reserved first
/// segment, so no provider path can reach it), answered only to direct loopback callers: a
/// node-local agent or sidecar scrapes it; everyone else, and a loopback request relayed by a
/// proxy (it carries forwarding headers), gets the reserved segment's plain 404.
/// </summary>
public sealed class PrometheusScrapeOptions
{
    public const string Path = "/metrics";

    public bool Enabled { get; set; }
}
