using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>
/// Lets the sockets of agents' connections complete inline on the socket event thread, like
/// the upstream ones (<see cref="InlineSocketCompletions"/>), when
/// <see cref="KestrelHardeningOptions.InlineCompletions"/> is on.
/// </summary>
/// <remarks>
/// What then runs on the event thread is Kestrel's receive loop handing bytes to the connection's
/// pipe; request processing itself stays on the thread pool (Kestrel schedules it there), so no
/// application code moves.
/// </remarks>
internal sealed class InlineAgentConnections : IConfigureOptions<KestrelServerOptions>
{
    private readonly IOptions<KestrelHardeningOptions> _options;

    public InlineAgentConnections(IOptions<KestrelHardeningOptions> options) => _options = options;

    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!_options.Value.InlineCompletions)
        {
            return;
        }

        options.ConfigureEndpointDefaults(listen => listen.Use(next => context =>
        {
            if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                InlineSocketCompletions.TryEnable(socket);
            }

            return next(context);
        }));
    }
}
