namespace Latchkey.Tests.Config.Schemas;

/// <summary>
/// Config files the loader accepts, each a (name, providers.yaml, rules.yaml) triple: every shipped
/// file, the test suite's base files, and files that use every key. Add a row for a new key.
/// </summary>
internal static class ValidConfigCorpus
{
    private const string EveryProviderKey = """
        providers:
          mail:
            preset: google
            upstream: https://gmail.googleapis.com/base
            allow_private_network: false
            credential: user
            oauth:
              authorize_url: https://accounts.google.com/o/oauth2/v2/auth
              token_url: https://oauth2.googleapis.com/token
              revoke_url: http://127.0.0.1:9000/revoke
              client_id: literal-client
              client_secret: env:LATCHKEY_SCHEMA_TEST_SECRET
              scopes: [a.send, "https://www.googleapis.com/auth/gmail.send"]
              authorize_params: {access_type: offline, prompt: consent}
              client_auth: client_secret_basic
            session_token_from: [authorization, "query:key", x-goog-api-key]
            errors: google
          crm:
            upstream: http://localhost:5005
            allow_private_network: true
            credential: agent
            agent:
              type: client_credentials
              token_url: https://login.example.com/oauth2/token
              client_id: env:CRM_ID
              client_secret: keyvault:https://crm.vault.azure.net/secrets/crm-secret/v2
              tenant_id: tenant-1
              scopes: [crm.all]
            inject:
              header: x-api-key
              format: "{token}"
          graph:
            upstream: https://graph.microsoft.com
            credential: agent
            agent:
              type: azure
              tenant_id: contoso
              client_id: app
              client_secret: env:GRAPH_SECRET
              scopes: [https://graph.microsoft.com/.default]
          jira:
            preset: atlassian
            upstream: https://api.atlassian.com
            credential: agent
            agent:
              tenants:
                acme:
                  type: api_key
                  key: env:ACME_JIRA
                "globex corp":
                  type: api_key
                  key: literal
            inject:
              header: Authorization
              format: "Basic {token_base64}"
          openai:
            preset: openai
            upstream: https://api.openai.com/v1
            agent:
              type: api_key
              key: env:OPENAI_API_KEY
          anthropic:
            preset: anthropic
            upstream: https://api.anthropic.com
            credential: user
            session_token_from:
          tracker:
            kind: mcp
            upstream: https://mcp.tracker.example/mcp
            oauth:
              discovery: true
              client_id: env:TRACKER_ID
              client_secret: env:TRACKER_SECRET
              client_auth: client_secret_post
              scopes: [tracker.read]
          hosted:
            kind: mcp
            upstream: https://mcp.hosted.example/mcp
            oauth:
              discovery: true
              registration: dynamic
              scopes: [hosted.read]
          empty-blocks:
            upstream: https://empty.example
            oauth:
            inject:
            errors: latchkey
        """;

    private const string EveryRuleKey = """
        mode: shadow
        rules:
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send, "https://scope.example/x"]
            when:
              - body: /raw
                max_length: 100000
              - query: uploadType
                exists: false
              - header: X-Goog-Api-Client
                matches: 'gl-[a-z]+/.*'
                ignore_case: true
              - body: /to
                all_of:
                  - at: /address
                    ends_with: "@example.com"
                    ignore_case: true
                  - at: /name
                    max_length: 64
                  - exists: true
              - body: /labelIds/0
                in: [INBOX, 5, true]
            action: approve
          - id: crm_2
            provider: crm
            methods: [GET, HEAD, PUT, PATCH, DELETE, OPTIONS]
            path: /objects/{id}/settings.{ext?}
            when:
              - path: id
                equals: 42
            credential: agent
            action: deny
          - id: 42
            provider: jira
            methods: [GET]
            path: /{**rest}
            scopes:
            credential: user
            action: allow
        """;

    private const string PackProviders = """
        providers:
          mail:
            preset: google
            upstream: https://gmail.googleapis.com
          slack:
            preset: slack
            upstream: https://slack.com/api
        """;

    private const string EveryIncludeKey = """
        include:
          - { pack: gmail.read_only, provider: mail }
          - pack: slack.post_to_allowed_channels
            provider: slack
            scopes: [chat.write]
            action: approve
            exclude: [list-conversations]
            params:
              channels: [C0123ENG, G0456OPS]
        """;

    public static TheoryData<string, string, string> All { get; } = Build();

    private static TheoryData<string, string, string> Build()
    {
        var data = new TheoryData<string, string, string>
        {
            { "test base files", TempConfigFolder.BaseProviders, TempConfigFolder.BaseRules },
            { "every key", EveryProviderKey, EveryRuleKey },
            { "no providers, no rules", "providers:\n", "mode: enforce\nrules:\n" },
            { "every include key, no rules", PackProviders, EveryIncludeKey },
        };
        foreach (var name in new[] { "config", "demo" })
        {
            var (providers, rules) = ShippedConfigFiles.Read(name);
            data.Add(name, System.Text.Encoding.UTF8.GetString(providers), System.Text.Encoding.UTF8.GetString(rules));
        }

        foreach (var example in Directory.GetFiles(Path.Combine(ShippedConfigFiles.RepositoryConfig, "examples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add("examples/" + Path.GetFileName(example), File.ReadAllText(example), TempConfigFolder.BaseRules);
        }

        return data;
    }
}
