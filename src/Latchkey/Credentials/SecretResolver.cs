using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Latchkey.Config;
using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>
/// Resolves config secrets. Key Vault secrets are fetched with the host's Azure identity
/// (DefaultAzureCredential: managed or workload identity in production) and cached for five
/// minutes, so a rotated secret is picked up without a restart and a vault outage of a few
/// minutes costs nothing.
/// </summary>
internal sealed partial class SecretResolver : ISecretResolver
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Uri, SecretClient> _clients = new();
    private readonly Func<Uri, SecretClient> _clientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<SecretResolver> _logger;

    public SecretResolver(TimeProvider time, ILogger<SecretResolver> logger)
        : this(vault => new SecretClient(vault, SharedCredential.Value), time, logger)
    {
    }

    internal SecretResolver(Func<Uri, SecretClient> clientFactory, TimeProvider time, ILogger<SecretResolver> logger)
    {
        _clientFactory = clientFactory;
        _time = time;
        _logger = logger;
    }

    private static Lazy<TokenCredential> SharedCredential { get; } =
        new(() => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true }));

    public async ValueTask<string?> ResolveAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.KeyVaultSecret is not { } url)
        {
            return reference.Resolve();
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(url, out var cached) && now - cached.FetchedAt < CacheLifetime)
        {
            return cached.Value;
        }

        if (!KeyVaultSecretUrl.TryParse(url, out var vault, out var name))
        {
            return null;
        }

        try
        {
            var client = _clients.GetOrAdd(vault!, _clientFactory);
            var secret = await client.GetSecretAsync(name, cancellationToken: cancellationToken);
            _cache[url] = (secret.Value.Value, now);
            return secret.Value.Value;
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException)
        {
            Log.KeyVaultReadFailed(_logger, vault!.Host, name!, ex.GetType().Name);

            // A stale value beats an outage: keep serving the last good secret if there is one.
            return cached.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2210, EventName = "KeyVaultReadFailed", Level = LogLevel.Error,
            Message = "Could not read secret {SecretName} from Key Vault {Vault} ({ErrorType})")]
        public static partial void KeyVaultReadFailed(ILogger logger, string vault, string secretName, string errorType);
    }
}
