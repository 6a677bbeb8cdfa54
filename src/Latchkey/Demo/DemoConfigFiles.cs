namespace Latchkey.Demo;

/// <summary>The demo's providers.yaml, rules.yaml and tools.yaml, pointing at the local mock providers.</summary>
internal static class DemoConfigFiles
{
    public static void Write(string directory, Uri mocks)
    {
        ArgumentNullException.ThrowIfNull(mocks);
        Directory.CreateDirectory(directory);
        var baseUrl = mocks.AbsoluteUri.TrimEnd('/');
        File.WriteAllText(Path.Combine(directory, "providers.yaml"), $$"""
            # yaml-language-server: $schema=../../../schemas/providers.schema.json
            # Written by `latchkey --demo`: two local mock providers, on loopback (hence allow_private_network).
            providers:
              mail:                       # the user's own token (seeded for demo-user)
                upstream: {{baseUrl}}/mail
                allow_private_network: true
                credential: user
              tickets:                    # a dedicated agent credential
                upstream: {{baseUrl}}/tickets
                allow_private_network: true
                credential: agent
                agent:
                  type: api_key
                  key: {{DemoMockProviders.TicketsAgentKey}}
                inject:
                  header: x-api-key
                  format: "{token}"
            """);
        File.WriteAllText(Path.Combine(directory, "rules.yaml"), """
            # yaml-language-server: $schema=../../../schemas/rules.schema.json
            # Written by `latchkey --demo`.
            rules:
              - id: mail.read
                provider: mail
                methods: [GET]
                path: /gmail/v1/users/me/messages/{**rest}
                scopes: [email.read]
                action: allow
              - id: mail.send
                provider: mail
                methods: [POST]
                path: /gmail/v1/users/me/messages/send
                scopes: [email.send]
                action: allow
              - id: mail.settings.deny
                provider: mail
                methods: [GET, POST, PUT, PATCH, DELETE]
                path: /gmail/v1/users/me/settings/{**rest}
                action: deny
              - id: tickets.read
                provider: tickets
                methods: [GET]
                path: /rest/api/3/issue/{key}
                scopes: [tickets.read]
                action: allow
              - id: tickets.create
                provider: tickets
                methods: [POST]
                path: /rest/api/3/issue
                scopes: [tickets.write]
                action: allow
              - id: tickets.comment
                provider: tickets
                methods: [POST]
                path: /rest/api/3/issue/{key}/comment
                scopes: [tickets.read]
                action: approve
            """);
        File.WriteAllText(Path.Combine(directory, "tools.yaml"), """
            # yaml-language-server: $schema=../../../schemas/tools.schema.json
            # Written by `latchkey --demo`: the MCP tools at /mcp (docs/mcp.md).
            tools:
              - name: list_mail
                description: List the demo user's mail messages.
                provider: mail
                method: GET
                path: /gmail/v1/users/me/messages
                input_schema: { type: object, additionalProperties: false }
                response:
                  fields: [messages, resultSizeEstimate]
              - name: read_ticket
                description: Read one ticket by key (e.g. SUP-1).
                provider: tickets
                method: GET
                path: /rest/api/3/issue/{key}
                input_schema:
                  type: object
                  properties:
                    key: { type: string, pattern: "^[A-Z]{1,10}-[0-9]{1,9}$" }
                  required: [key]
                  additionalProperties: false
                response:
                  fields: [key, fields.summary, fields.status.name]
              # Not listed to the demo session: sending needs email.send, which it lacks.
              - name: send_mail
                description: Send a plain-text e-mail as the demo user.
                provider: mail
                method: POST
                path: /gmail/v1/users/me/messages/send
                body:
                  raw:
                    $email: { to: "{to}", subject: "{subject}", text: "{text}" }
                input_schema:
                  type: object
                  properties:
                    to: { type: string }
                    subject: { type: string }
                    text: { type: string }
                  required: [to, subject, text]
                  additionalProperties: false
            """);
    }
}
