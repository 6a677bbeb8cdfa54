namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// providers.yaml and rules.yaml for the real-SDK suite, as a user would write them for each SDK
/// (docs/sdks.md copies these settings): each provider's preset sets where its SDKs present the
/// session token and the error shape they parse; <c>{fake}</c> is <see cref="FakeProviders"/>' URL. Rule
/// paths are relative to each upstream's base path: Slack's upstream is <c>{fake}/slack/api</c>,
/// so <c>chat.postMessage</c> is <c>/chat.postMessage</c>.
/// </summary>
public static class SdkConfigs
{
    public const string OpenAiKeyVariable = "LATCHKEY_SDK_OPENAI_KEY";
    public const string AnthropicKeyVariable = "LATCHKEY_SDK_ANTHROPIC_KEY";

    /// <summary>Never set: the <c>openai-unset</c> provider answers <c>503 credential_unavailable</c>.</summary>
    public const string UnsetKeyVariable = "LATCHKEY_SDK_UNSET_KEY";

    public const string Providers = """
        providers:
          openai:
            preset: openai
            upstream: "{fake}/openai"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: env:LATCHKEY_SDK_OPENAI_KEY
          openai-unset:
            preset: openai
            upstream: "{fake}/openai"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: env:LATCHKEY_SDK_UNSET_KEY
          anthropic:
            preset: anthropic
            upstream: "{fake}/anthropic"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: env:LATCHKEY_SDK_ANTHROPIC_KEY
          github:
            preset: github
            upstream: "{fake}/github"
            allow_private_network: true
            credential: user
          slack:
            preset: slack
            upstream: "{fake}/slack/api"
            allow_private_network: true
            credential: user
          mail:
            preset: google
            upstream: "{fake}/google"
            allow_private_network: true
            credential: user
        """;

    public const string Rules = """
        rules:
          - id: openai.chat
            provider: openai
            methods: [POST]
            path: /v1/chat/completions
            scopes: [llm]
            action: allow
          - id: openai-unset.chat
            provider: openai-unset
            methods: [POST]
            path: /v1/chat/completions
            scopes: [llm]
            action: allow
          - id: anthropic.messages
            provider: anthropic
            methods: [POST]
            path: /v1/messages
            scopes: [llm]
            action: allow
          - id: github.issues.list
            provider: github
            methods: [GET]
            path: /repos/{owner}/{repo}/issues
            scopes: [github.read]
            action: allow
          # GitHub's pagination links name the repository by id, not by owner/name.
          - id: github.issues.pages
            provider: github
            methods: [GET]
            path: /repositories/{id}/issues
            scopes: [github.read]
            action: allow
          - id: github.repo.delete.deny
            provider: github
            methods: [DELETE]
            path: /repos/{owner}/{repo}
            action: deny
          - id: slack.conversations.list
            provider: slack
            methods: [POST]
            path: /conversations.list
            scopes: [slack.read]
            action: allow
          - id: slack.chat.post
            provider: slack
            methods: [POST]
            path: /chat.postMessage
            scopes: [slack.write]
            action: allow
          - id: mail.messages.list
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages
            scopes: [email.read]
            action: allow
          - id: mail.settings.deny
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
        """;

    /// <summary>Every scope the rules name: each test's session may do all the rules allow.</summary>
    public static readonly string[] Scopes = ["llm", "github.read", "slack.read", "slack.write", "email.read"];
}
