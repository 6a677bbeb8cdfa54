using System.Net;
using System.Net.Sockets;
using Latchkey.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// YARP's client factory (no redirects, cookies, decompression or environment proxy), whose
/// upstream connections run their completions inline when
/// <see cref="ForwardingOptions.InlineUpstreamCompletions"/> is on.
/// </summary>
/// <remarks>
/// What then runs on the socket event thread is the forwarder's response path, the response
/// transform and the audit step: none of them waits on the network, and the one system call
/// among them (the audit line's write to the page cache) takes microseconds. Saved per request:
/// the thread-pool hops (and, on a busy CPU, the context switches) between the upstream
/// socket's events and the code that consumes them (bench/README.md).
/// </remarks>
internal sealed class UpstreamClientFactory : ForwarderHttpClientFactory
{
    private readonly bool _inline;

    public UpstreamClientFactory(ILogger<ForwarderHttpClientFactory> logger, IOptions<ForwardingOptions> options)
        : base(logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inline = options.Value.InlineUpstreamCompletions;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        ArgumentNullException.ThrowIfNull(handler);

        // Never a trace header to a provider, whatever the process's tracing and runtime switches.
        handler.ActivityHeadersPropagator = null;
        if (_inline)
        {
            handler.ConnectCallback = static (context, cancellationToken) => ConnectInlineAsync(context.DnsEndPoint, cancellationToken);
        }
    }

    /// <summary>What SocketsHttpHandler does by default, plus the inline switch before the socket's first operation.</summary>
    internal static async ValueTask<Stream> ConnectInlineAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            InlineSocketCompletions.TryEnable(socket);
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
