namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Config files shared by the integration tests; <c>{upstream}</c> is the recording upstream.</summary>
public static class TestConfigs
{
    public const string Providers = """
        providers:
          mail:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
          tickets:
            upstream: "{upstream}/ex/jira/cloud-1"
            allow_private_network: true
            credential: agent
            agent:
              type: api_key
              key: env:LATCHKEY_IT_TICKETS_KEY
            inject:
              header: x-api-key
              format: "{token}"
        """;

    public const string Rules = """
        rules:
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: allow
          - id: mail.read
            provider: mail
            methods: [GET, HEAD]
            path: /gmail/v1/users/me/{**rest}
            scopes: [email.read]
            action: allow
          - id: mail.settings.deny
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
          - id: mail.approve
            provider: mail
            methods: [DELETE]
            path: /gmail/v1/users/me/messages/{id}
            scopes: [email.delete]
            action: approve
          - id: tickets.read
            provider: tickets
            methods: [GET]
            path: /rest/api/3/issue/{key}
            scopes: [tickets.read]
            action: allow
        """;

    /// <summary>The api_key agent credential the tickets provider injects.</summary>
    public const string TicketsKeyVariable = "LATCHKEY_IT_TICKETS_KEY";

    public const string TicketsKey = "tk-agent-key-7f3b9c1e5d";

    static TestConfigs()
    {
        Environment.SetEnvironmentVariable(TicketsKeyVariable, TicketsKey);
    }

    /// <summary>Ensures the static constructor ran (sets the agent key variable).</summary>
    public static void EnsureEnvironment() => Environment.SetEnvironmentVariable(TicketsKeyVariable, TicketsKey);
}
