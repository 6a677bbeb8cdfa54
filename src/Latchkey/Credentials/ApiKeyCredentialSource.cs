using Latchkey.Config;
using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>A static API key read from the provider's <c>agent.key</c> (usually <c>env:NAME</c>).</summary>
internal sealed partial class ApiKeyCredentialSource : IAgentCredentialSource
{
    private readonly ISecretResolver _secrets;
    private readonly ILogger<ApiKeyCredentialSource> _logger;

    public ApiKeyCredentialSource(ISecretResolver secrets, ILogger<ApiKeyCredentialSource> logger)
    {
        _secrets = secrets;
        _logger = logger;
    }

    public AgentCredentialType Type => AgentCredentialType.ApiKey;

    public async ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, AgentCredentialSettings settings, string cacheScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        var key = settings.Key is { } reference ? await _secrets.ResolveAsync(reference, cancellationToken) : null;
        if (string.IsNullOrEmpty(key))
        {
            Log.ApiKeyMissing(_logger, provider.Name, settings.Key?.ToString() ?? "agent.key");
            return new CredentialResult.Unavailable();
        }

        return new CredentialResult.Issued(new SecretValue(key), CredentialMode.Agent);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, EventName = "AgentApiKeyMissing", Level = LogLevel.Error,
            Message = "Provider {Provider} has no agent API key: {Reference} could not be read")]
        public static partial void ApiKeyMissing(ILogger logger, string provider, string reference);
    }
}
