using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Hosting;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Credentials;

/// <summary>An <see cref="OAuthEndpointResolver"/> over a test's HTTP stand-in, for the services that take one.</summary>
internal static class TestEndpointResolvers
{
    public const string PublicUrl = "https://latchkey.example.test";

    public static OAuthEndpointResolver Over(
        IHttpClientFactory http, TimeProvider? time = null, RegisteredClientSource? registeredClients = null, ILogger<OAuthEndpointResolver>? logger = null) =>
        new(new OAuthDiscoveryClient(http), registeredClients ?? RegisteredClients(http, time), time ?? TimeProvider.System,
            logger ?? NullLogger<OAuthEndpointResolver>.Instance);

    /// <summary>A <see cref="RegisteredClientSource"/> over <paramref name="store"/> (a fresh in-memory one by default): one Latchkey instance.</summary>
    public static RegisteredClientSource RegisteredClients(
        IHttpClientFactory http, TimeProvider? time = null, IRegisteredClientStore? store = null, IDataProtectionProvider? protection = null,
        ILogger<RegisteredClientSource>? logger = null)
    {
        var clock = time ?? TimeProvider.System;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = PublicUrl }).Build();
        return new RegisteredClientSource(
            new RegisteredClientVault(store ?? new InMemoryRegisteredClientStore(), protection ?? new EphemeralDataProtectionProvider()),
            new DynamicClientRegistrationClient(http, clock),
            new PublicUrl(configuration),
            clock,
            logger ?? NullLogger<RegisteredClientSource>.Instance);
    }
}
