using Latchkey.Hosting.Errors;

namespace Latchkey.Providers.Presets;

/// <summary>
/// The built-in presets of providers.yaml's <c>preset:</c> key. Resolved once, when the config is
/// parsed, into the provider's own settings (every key given explicitly under <c>oauth:</c>, and
/// <c>errors</c>, <c>inject</c>, <c>session_token_from</c>, wins over the preset's value): the rest
/// of Latchkey reads those settings and never looks a preset up by name.
/// </summary>
internal static class ProviderPresets
{
    public static readonly IReadOnlyDictionary<string, ProviderPreset> All = new Dictionary<string, ProviderPreset>(StringComparer.Ordinal)
    {
        ["google"] = new()
        {
            AuthorizeUrl = new("https://accounts.google.com/o/oauth2/v2/auth"),
            TokenUrl = new("https://oauth2.googleapis.com/token"),
            RevokeUrl = new("https://oauth2.googleapis.com/revoke"),
            // Without these Google issues no refresh token, or none on a second consent.
            AuthorizeParams = Params(("access_type", "offline"), ("prompt", "consent")),
            // googleapis clients given an API key send it as ?key= or x-goog-api-key (docs/sdks.md).
            SessionTokenFrom =
            [
                SessionTokenSource.Authorization,
                new(SessionTokenSourceKind.Query, "key"),
                new(SessionTokenSourceKind.Header, "x-goog-api-key"),
            ],
            Errors = ErrorEnvelope.Google,
            // Google's per-API batch endpoints (/batch/gmail/v1, /batch/calendar/v3, ...).
            BatchEndpoints = [new("/batch/{api}/{version}", BatchFormat.GoogleMultipart)],
        },
        ["microsoft"] = new()
        {
            AuthorizeUrl = new("https://login.microsoftonline.com/common/oauth2/v2.0/authorize"),
            TokenUrl = new("https://login.microsoftonline.com/common/oauth2/v2.0/token"),
            RotatesRefreshTokens = true,
            // Microsoft identity platform refresh tokens expire after 90 days without use.
            IdleRefreshInterval = TimeSpan.FromDays(30),
            BatchEndpoints = [new("/v1.0/$batch", BatchFormat.MicrosoftGraph), new("/beta/$batch", BatchFormat.MicrosoftGraph)],
        },
        ["slack"] = new()
        {
            AuthorizeUrl = new("https://slack.com/oauth/v2/authorize"),
            TokenUrl = new("https://slack.com/api/oauth.v2.access"),
            // auth.revoke is a Web API method, not RFC 7009: it revokes the token it is given (an
            // access token; with rotation, a refresh token is not accepted) and answers 200 with "ok".
            RevokeUrl = new("https://slack.com/api/auth.revoke"),
            RevokesAccessTokenOnly = true,
            UsePkce = false,
            ScopeSeparator = ",",
            // With token rotation on, every refresh returns a new refresh token.
            RotatesRefreshTokens = true,
            // @slack/web-api retries every status but 200 and 429 for about 30 minutes.
            Errors = ErrorEnvelope.Slack,
        },
        ["github"] = new()
        {
            AuthorizeUrl = new("https://github.com/login/oauth/authorize"),
            TokenUrl = new("https://github.com/login/oauth/access_token"),
            // Expiring user tokens (8 h) come with a single-use refresh token valid for 6 months.
            RotatesRefreshTokens = true,
            IdleRefreshInterval = TimeSpan.FromDays(60),
            Errors = ErrorEnvelope.GitHub,
            GraphQlPaths = [new("/graphql")],
        },
        ["atlassian"] = new()
        {
            AuthorizeUrl = new("https://auth.atlassian.com/authorize"),
            TokenUrl = new("https://auth.atlassian.com/oauth/token"),
            UsePkce = false,
            AuthorizeParams = Params(("audience", "api.atlassian.com"), ("prompt", "consent")),
            // Rotating refresh tokens expire after 90 days of inactivity.
            RotatesRefreshTokens = true,
            IdleRefreshInterval = TimeSpan.FromDays(30),
        },
        // Zendesk's endpoints live on each customer's subdomain: the example gives them explicitly.
        ["zendesk"] = new(),
        ["salesforce"] = new()
        {
            AuthorizeUrl = new("https://login.salesforce.com/services/oauth2/authorize"),
            TokenUrl = new("https://login.salesforce.com/services/oauth2/token"),
            RevokeUrl = new("https://login.salesforce.com/services/oauth2/revoke"),
            InstanceUrlHostSuffixes = [".my.salesforce.com", ".salesforce.com", ".force.com", ".salesforce.mil", ".cloudforce.com"],
            BatchEndpoints =
            [
                new("/services/data/{version}/composite", BatchFormat.SalesforceComposite),
                new("/services/data/{version}/composite/batch", BatchFormat.SalesforceCompositeBatch),
                // Composite graphs nest composite requests in graphs Latchkey does not split.
                new("/services/data/{version}/composite/graph", BatchFormat.Unsplittable),
            ],
        },
        ["hubspot"] = new()
        {
            AuthorizeUrl = new("https://app.hubspot.com/oauth/authorize"),
            TokenUrl = new("https://api.hubapi.com/oauth/v1/token"),
            UsePkce = false,
        },
        ["linear"] = new()
        {
            AuthorizeUrl = new("https://linear.app/oauth/authorize"),
            TokenUrl = new("https://api.linear.app/oauth/token"),
            RevokeUrl = new("https://api.linear.app/oauth/revoke"),
            ScopeSeparator = ",",
            RotatesRefreshTokens = true,
            GraphQlPaths = [new("/graphql")],
        },

        // API-key providers: no OAuth (use credential: agent with agent.type api_key, or azure for
        // Entra ID). They name where their SDKs send the key and the shape of errors they parse.
        ["openai"] = new()
        {
            Credential = CredentialMode.Agent,
            Errors = ErrorEnvelope.OpenAi,
        },
        ["anthropic"] = new()
        {
            // SDKs before 1.0 send ANTHROPIC_API_KEY as x-api-key; 1.x an auth token as Authorization.
            Credential = CredentialMode.Agent,
            SessionTokenFrom = [SessionTokenSource.Authorization, new(SessionTokenSourceKind.Header, "x-api-key")],
            Inject = new InjectSettings("x-api-key", InjectSettings.TokenPlaceholder),
            Errors = ErrorEnvelope.Anthropic,
        },
        ["azure-openai"] = new()
        {
            // AzureOpenAI clients send a key as api-key, an Entra ID token as Authorization.
            Credential = CredentialMode.Agent,
            SessionTokenFrom = [SessionTokenSource.Authorization, new(SessionTokenSourceKind.Header, "api-key")],
            Inject = new InjectSettings("api-key", InjectSettings.TokenPlaceholder),
            Errors = ErrorEnvelope.OpenAi,
        },
    };

    public static IEnumerable<string> Names => All.Keys;

    /// <summary>The preset of that name, or null for none (an unknown name is reported by the parser).</summary>
    public static ProviderPreset? Find(string? presetName) =>
        presetName is not null && All.TryGetValue(presetName, out var preset) ? preset : null;

    /// <summary>The provider's OAuth settings with the preset filling every key not given explicitly.</summary>
    public static OAuthSettings? Apply(string? presetName, OAuthSettings? explicitSettings)
    {
        if (presetName is null || !All.TryGetValue(presetName, out var preset))
        {
            return explicitSettings;
        }

        var given = explicitSettings ?? new OAuthSettings();
        var authorizeParams = new Dictionary<string, string>(preset.AuthorizeParams, StringComparer.Ordinal);
        foreach (var (key, value) in given.AuthorizeParams)
        {
            authorizeParams[key] = value;
        }

        return given with
        {
            AuthorizeUrl = given.AuthorizeUrl ?? preset.AuthorizeUrl,
            TokenUrl = given.TokenUrl ?? preset.TokenUrl,
            RevokeUrl = given.RevokeUrl ?? preset.RevokeUrl,
            RevokesAccessTokenOnly = given.RevokeUrl is null && preset.RevokesAccessTokenOnly,
            ClientAuth = given.ClientAuth ?? preset.ClientAuth,
            UsePkce = preset.UsePkce,
            ScopeSeparator = preset.ScopeSeparator,
            RotatesRefreshTokens = preset.RotatesRefreshTokens,
            IdleRefreshInterval = preset.IdleRefreshInterval,
            InstanceUrlHostSuffixes = preset.InstanceUrlHostSuffixes,
            AuthorizeParams = authorizeParams,
        };
    }

    private static Dictionary<string, string> Params(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
