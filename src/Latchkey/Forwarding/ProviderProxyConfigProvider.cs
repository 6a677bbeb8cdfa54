using Latchkey.Config;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Latchkey.Forwarding;

/// <summary>Feeds YARP the routes and clusters of the current providers.yaml, reloaded with it.</summary>
internal sealed class ProviderProxyConfigProvider : IProxyConfigProvider
{
    private readonly IConfigSnapshotSource _source;
    private readonly ForwardingOptions _options;

    public ProviderProxyConfigProvider(IConfigSnapshotSource source, IOptions<ForwardingOptions> options)
    {
        _source = source;
        _options = options.Value;
    }

    public IProxyConfig GetConfig()
    {
        // Take the change token before the snapshot so a swap in between is never missed.
        var changeToken = _source.GetChangeToken();
        var snapshot = _source.Current;
        return new ProviderProxyConfig(
            ProviderRoutes.RoutesFor(snapshot),
            ProviderRoutes.ClustersFor(snapshot, _options),
            changeToken);
    }

    private sealed class ProviderProxyConfig(
        IReadOnlyList<RouteConfig> routes,
        IReadOnlyList<ClusterConfig> clusters,
        IChangeToken changeToken) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = changeToken;
    }
}
