using System.Collections.Concurrent;
using Latchkey.Config;
using Latchkey.Providers;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// The connection pool of every configured provider. Each provider keeps one HTTP client (and so one
/// connection pool) for the life of the process: a config reload that changes a provider's
/// upstream address reuses its pool, which keys connections by host anyway.
/// </summary>
internal sealed class UpstreamDirectory : IDisposable
{
    // What YARP would give a cluster with these settings: no redirects, cookies, decompression
    // or environment proxy (the proxy must never be steered elsewhere by HTTP_PROXY).
    private static readonly HttpClientConfig ClientConfig = new()
    {
        WebProxy = null,
        MaxConnectionsPerServer = null,
        EnableMultipleHttp2Connections = true,
    };

    private readonly IForwarderHttpClientFactory _clientFactory;
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);

    public UpstreamDirectory(IForwarderHttpClientFactory clientFactory) => _clientFactory = clientFactory;

    /// <summary>
    /// The upstream of <paramref name="provider"/>: its address comes from the provider as its
    /// config snapshot built it, so a reload is seen by the next request without a table of our own.
    /// </summary>
    public UpstreamTarget For(ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new UpstreamTarget(provider.DestinationPrefix, ClientFor(provider.Name));
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpMessageInvoker ClientFor(string provider) =>
        _clients.GetOrAdd(provider, static (name, factory) => factory.CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "provider-" + name,
            OldConfig = HttpClientConfig.Empty,
            OldMetadata = null,
            OldClient = null,
            NewConfig = ClientConfig,
            NewMetadata = null,
        }), _clientFactory);
}
