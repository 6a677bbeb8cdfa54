using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.Stores;
using Latchkey.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>Builds the token client and refresher the credential tests drive, over a fake token endpoint.</summary>
internal static class TestRefreshers
{
    /// <summary>A token client sending to <paramref name="endpoint"/>; secrets read as configured unless <paramref name="secrets"/> says otherwise.</summary>
    public static OAuthTokenClient TokenClient(IHttpClientFactory endpoint, ISecretResolver? secrets = null, TimeProvider? time = null) =>
        new(endpoint, secrets ?? new SecretResolver(time ?? TimeProvider.System, NullLogger<SecretResolver>.Instance), TestEndpointResolvers.Over(endpoint), NullLogger<OAuthTokenClient>.Instance);

    public static UserTokenRefresher Create(
        ITokenVault vault, OAuthTokenClient tokenClient, IRefreshLease? lease = null, TimeProvider? time = null, ILogger<UserTokenRefresher>? logger = null) =>
        new(vault, lease ?? new LocalRefreshLease(), tokenClient, time ?? TimeProvider.System, logger ?? NullLogger<UserTokenRefresher>.Instance, TestMetrics.Create());
}
