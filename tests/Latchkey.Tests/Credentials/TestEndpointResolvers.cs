using Latchkey.Credentials.OAuth.Discovery;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>An <see cref="OAuthEndpointResolver"/> over a test's HTTP stand-in, for the services that take one.</summary>
internal static class TestEndpointResolvers
{
    public static OAuthEndpointResolver Over(IHttpClientFactory http, TimeProvider? time = null) =>
        new(new OAuthDiscoveryClient(http), time ?? TimeProvider.System, NullLogger<OAuthEndpointResolver>.Instance);
}
