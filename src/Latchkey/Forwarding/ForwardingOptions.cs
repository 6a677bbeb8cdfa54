namespace Latchkey.Forwarding;

/// <summary>Settings of the forwarder (section <c>Latchkey:Forwarding</c>).</summary>
public sealed class ForwardingOptions
{
    public const string SectionName = "Latchkey:Forwarding";
    public const long DefaultEchoScanBytes = 4 * 1024 * 1024;
    public const long DefaultFormCheckBytes = 4 * 1024 * 1024;

    /// <summary>How long the upstream may stay silent before the agent gets 504 upstream_timeout.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Runs upstream connections' I/O completions on the socket event thread instead of a
    /// thread-pool hop each (docs/operations.md). Turn off if something on the response path is
    /// made to block, such as an audit buffer on slow network storage.
    /// </summary>
    public bool InlineUpstreamCompletions { get; set; } = true;

    /// <summary>
    /// How many bytes of each uncompressed response body are searched for the injected credential
    /// (overwritten with '*' when found); 0 searches headers only, which are always searched.
    /// </summary>
    public long EchoScanBytes { get; set; } = DefaultEchoScanBytes;

    /// <summary>
    /// The largest urlencoded or multipart form body that is read for a <c>_method</c> field before
    /// forwarding; a larger form cannot be checked and is refused with 413.
    /// </summary>
    public long FormCheckBytes { get; set; } = DefaultFormCheckBytes;
}
