using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>
/// What Latchkey does with every agent connection before Kestrel parses a byte of it: tags the
/// connection's metrics with the client's address (so a request Kestrel refuses on its own is
/// audited with it, see <c>Audit/RejectedConnectionAudit</c>), and lets its socket complete
/// inline on the socket event thread, like the upstream ones (<see cref="InlineSocketCompletions"/>),
/// when <see cref="KestrelHardeningOptions.InlineCompletions"/> is on.
/// </summary>
/// <remarks>
/// One place, because Kestrel keeps only the last <c>ConfigureEndpointDefaults</c> action. What
/// runs inline on the event thread is Kestrel's receive loop handing bytes to the connection's
/// pipe; request processing itself stays on the thread pool, so no application code moves.
/// </remarks>
internal sealed class AgentConnectionDefaults : IConfigureOptions<KestrelServerOptions>
{
    /// <summary>The metric tag that carries the client's address (OpenTelemetry's name for it).</summary>
    public const string ClientAddressTag = "network.peer.address";

    private readonly IOptions<KestrelHardeningOptions> _options;

    public AgentConnectionDefaults(IOptions<KestrelHardeningOptions> options) => _options = options;

    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inline = _options.Value.InlineCompletions;
        options.ConfigureEndpointDefaults(listen => listen.Use(next => context =>
        {
            if (context.RemoteEndPoint is IPEndPoint remote && context.Features.Get<IConnectionMetricsTagsFeature>() is { } metrics)
            {
                metrics.Tags.Add(new(ClientAddressTag, remote.Address.ToString()));
            }

            if (inline && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                InlineSocketCompletions.TryEnable(socket);
            }

            return next(context);
        }));
    }
}
