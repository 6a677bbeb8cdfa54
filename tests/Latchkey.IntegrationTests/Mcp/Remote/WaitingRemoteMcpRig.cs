namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// <see cref="RemoteMcpRig"/> with <c>Latchkey:Mcp:ApprovalWait</c> set, and one tool of its own at
/// <c>/mcp</c> (<c>close_ticket</c>, held by an approve rule) mapped onto the recording upstream.
/// </summary>
public sealed class WaitingRemoteMcpRig : RemoteMcpRig
{
    private const string LocalProvider = """

          local:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
        """;

    private const string LocalRules = """

          - id: local.close
            provider: local
            methods: [POST]
            path: /tickets/{id}/close
            scopes: [remote.write]
            action: approve
        """;

    private const string Tools = """
        tools:
          - name: close_ticket
            description: Close a ticket.
            provider: local
            method: POST
            path: /tickets/{id}/close
            input_schema:
              type: object
              properties:
                id: { type: string, pattern: "^[0-9]{1,9}$" }
              required: [id]
              additionalProperties: false
        """;

    public WaitingRemoteMcpRig()
        : base(new Dictionary<string, string?> { ["Latchkey:Mcp:ApprovalWait"] = "00:01:00" }, LocalProvider, LocalRules, Tools)
    {
    }
}
