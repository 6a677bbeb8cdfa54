using Latchkey.Config;

namespace Latchkey.Credentials;

/// <summary>A static API key read from the provider's <c>agent.key</c> (usually <c>env:NAME</c>).</summary>
internal sealed partial class ApiKeyCredentialSource : IAgentCredentialSource
{
    private readonly ILogger<ApiKeyCredentialSource> _logger;

    public ApiKeyCredentialSource(ILogger<ApiKeyCredentialSource> logger) => _logger = logger;

    public AgentCredentialType Type => AgentCredentialType.ApiKey;

    public ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var key = provider.Agent?.Key?.Resolve();
        if (key is null)
        {
            Log.ApiKeyMissing(_logger, provider.Name, provider.Agent?.Key?.ToString() ?? "agent.key");
            return ValueTask.FromResult<CredentialResult>(new CredentialResult.Unavailable());
        }

        return ValueTask.FromResult<CredentialResult>(new CredentialResult.Issued(new SecretValue(key), CredentialMode.Agent));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, EventName = "AgentApiKeyMissing", Level = LogLevel.Error,
            Message = "Provider {Provider} has no agent API key: {Reference} is not set")]
        public static partial void ApiKeyMissing(ILogger logger, string provider, string reference);
    }
}
