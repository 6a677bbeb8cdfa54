namespace Latchkey.Forwarding;

/// <summary>Settings of the forwarder (section <c>Latchkey:Forwarding</c>).</summary>
public sealed class ForwardingOptions
{
    /// <summary>How long the upstream may stay silent before the agent gets 504 upstream_timeout.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
