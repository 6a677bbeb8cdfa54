using System.Net;
using System.Net.Sockets;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// Latchkey on a port chosen before it starts, so <c>Latchkey:PublicUrl</c> is its real address
/// (rewritten pagination links and connect links lead back to it); below Linux's ephemeral range
/// so outgoing connections do not take it; a port taken between the check and the bind is tried again.
/// </summary>
public static class FixedPortLatchkey
{
    public static LatchkeyTestHost Start(string providers, string rules, string providerHosts, out string url, string? tools = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            if (!IsFree(port))
            {
                continue;
            }

            url = $"http://127.0.0.1:{port}";
            try
            {
                return LatchkeyTestHost.Start(
                    providers,
                    rules,
                    settings: new Dictionary<string, string?>
                    {
                        ["Latchkey:PublicUrl"] = url,
                        ["Latchkey:ProviderHosts"] = providerHosts,

                        // Ship each audit event at once: every test waits for its session's events.
                        ["Latchkey:Seq:BatchWindow"] = "00:00:00",
                    },
                    port: port,
                    toolsYaml: tools);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static bool IsFree(int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
