using System.Collections.Concurrent;
using System.Collections.Frozen;
using Latchkey.Config;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// The upstream of every configured provider, built once per config snapshot so the request
/// path only does a dictionary lookup. Each provider keeps one HTTP client (and so one
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
    private readonly Lock _buildLock = new();
    private Table? _table;

    public UpstreamDirectory(IForwarderHttpClientFactory clientFactory) => _clientFactory = clientFactory;

    /// <summary>The upstream of <paramref name="provider"/> as <paramref name="config"/> defines it.</summary>
    public UpstreamTarget For(ConfigSnapshot config, ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(provider);
        var table = Volatile.Read(ref _table);
        if (table is null || !ReferenceEquals(table.Config, config))
        {
            table = Build(config);
        }

        return table.Targets[provider.Name];
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private Table Build(ConfigSnapshot config)
    {
        lock (_buildLock)
        {
            var table = _table;
            if (table is not null && ReferenceEquals(table.Config, config))
            {
                return table;
            }

            var targets = config.Providers.Values.ToFrozenDictionary(
                provider => provider.Name,
                provider => new UpstreamTarget(provider.Upstream.AbsoluteUri.TrimEnd('/'), ClientFor(provider.Name)),
                StringComparer.Ordinal);
            table = new Table(config, targets);
            Volatile.Write(ref _table, table);
            return table;
        }
    }

    private HttpMessageInvoker ClientFor(string provider) =>
        _clients.GetOrAdd(provider, name => _clientFactory.CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "provider-" + name,
            OldConfig = HttpClientConfig.Empty,
            OldMetadata = null,
            OldClient = null,
            NewConfig = ClientConfig,
            NewMetadata = null,
        }));

    private sealed record Table(ConfigSnapshot Config, FrozenDictionary<string, UpstreamTarget> Targets);
}
