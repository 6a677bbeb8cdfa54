namespace Latchkey.Hosting;

/// <summary>Kestrel limits against slow and oversized clients (section <c>Latchkey:Kestrel</c>).</summary>
public sealed class KestrelHardeningOptions
{
    public const string SectionName = "Latchkey:Kestrel";

    /// <summary>How long a client may take to send the request line and headers (slowloris).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Slowest request body a client may trickle once <see cref="MinDataRateGracePeriod"/> is over.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Slowest a client may read the response once <see cref="MinDataRateGracePeriod"/> is over.</summary>
    public double MinResponseBytesPerSecond { get; set; } = 240;

    /// <summary>Time a body may start slowly before the minimum data rates apply.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body forwarded (413 beyond); bodies stream, so this bounds upload time, not memory.</summary>
    public long MaxRequestBodyBytes { get; set; } = 30 * 1024 * 1024;

    /// <summary>All request headers together; beyond this the client gets 431.</summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The request line (method, target, version); beyond this the client gets 414.</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Idle keep-alive connections are closed after this.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>Agents' connections complete their socket I/O on the socket event thread (docs/operations.md).</summary>
    public bool InlineCompletions { get; set; } = true;
}
