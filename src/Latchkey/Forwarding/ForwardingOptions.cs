namespace Latchkey.Forwarding;

/// <summary>Settings of the forwarder (section <c>Latchkey:Forwarding</c>).</summary>
public sealed class ForwardingOptions
{
    /// <summary>How long the upstream may stay silent before the agent gets 504 upstream_timeout.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Runs upstream connections' I/O completions on the socket event thread instead of a
    /// thread-pool hop each (docs/operations.md). Turn off if something on the response path is
    /// made to block, such as an audit buffer on slow network storage.
    /// </summary>
    public bool InlineUpstreamCompletions { get; set; } = true;
}
