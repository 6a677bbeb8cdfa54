using Latchkey.Config;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// Builds YARP's routes and clusters from providers.yaml: one route <c>/{provider}/{**rest}</c>
/// and one cluster (the provider's upstream) per provider. The allowlist is not YARP routing;
/// every route goes through the proxy pipeline's session, rate-limit and rule steps
/// (DataPlaneEndpointRouteBuilderExtensions), which is why the routes carry no ASP.NET policies.
/// </summary>
internal static class ProviderRoutes
{
    public const string AgentSessionPolicy = "AgentSession";
    private const string ProviderMetadataKey = "latchkey.provider";
    private const string DestinationId = "upstream";

    public static string? ProviderOf(RouteConfig route) =>
        route.Metadata is { } metadata && metadata.TryGetValue(ProviderMetadataKey, out var provider) ? provider : null;

    public static IReadOnlyList<RouteConfig> RoutesFor(ConfigSnapshot snapshot) =>
        snapshot.Providers.Values
            .Select(provider => new RouteConfig
            {
                RouteId = "provider-" + provider.Name,
                ClusterId = "provider-" + provider.Name,
                Match = new RouteMatch { Path = $"/{provider.Name}/{{**rest}}" },
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ProviderMetadataKey] = provider.Name },
            })
            .ToList();

    public static IReadOnlyList<ClusterConfig> ClustersFor(ConfigSnapshot snapshot, ForwardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return snapshot.Providers.Values
            .Select(provider => new ClusterConfig
            {
                ClusterId = "provider-" + provider.Name,
                Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
                {
                    [DestinationId] = new DestinationConfig { Address = provider.Upstream.AbsoluteUri.TrimEnd('/') },
                },
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamTimeout },
                HttpClient = new HttpClientConfig
                {
                    // The proxy must not be steered elsewhere by an environment proxy setting.
                    WebProxy = null,
                    MaxConnectionsPerServer = null,
                    EnableMultipleHttp2Connections = true,
                },
            })
            .ToList();
    }
}
