namespace Latchkey.Audit;

/// <summary>Where and how audit and application events are shipped to Seq (<c>Latchkey:Seq</c>).</summary>
public sealed class SeqOptions
{
    public const string SectionName = "Latchkey:Seq";

    /// <summary>Absolute http(s) URL of the Seq server; empty means no Seq.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>Sent as <c>X-Seq-ApiKey</c> when set. Never logged.</summary>
    public string? ApiKey { get; set; }

    public int BatchMaxEvents { get; set; } = 500;

    public int BatchMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest wait between retries while Seq is unreachable.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the shipper lets events gather once it has caught up, so a steady stream goes out
    /// in a few large posts rather than one per request (CPU, and Seq's own load). Zero ships at once.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ServerUrl);

    /// <summary>The CLEF ingestion endpoint under <see cref="ServerUrl"/>.</summary>
    public Uri IngestUri => new(ServerUrl!.TrimEnd('/') + "/ingest/clef", UriKind.Absolute);
}
