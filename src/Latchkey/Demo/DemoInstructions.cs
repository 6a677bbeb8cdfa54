using Latchkey.Admin;

namespace Latchkey.Demo;

/// <summary>The text <c>--demo</c> prints: the session token and curl lines to try.</summary>
internal static class DemoInstructions
{
    public static string Render(string baseUrl, string sessionToken, string adminJwt, string dataDirectory) => $$$"""

        ==================== Latchkey demo ====================
        Mock providers run locally; a demo user (tenant "demo", user "demo-user") has
        connected "mail", and "tickets" uses a dedicated agent key.

        Agent session token (scopes email.read, tickets.read):
          export LK={{{sessionToken}}}

        Allowed: read mail with the user's own token (injected by Latchkey)
          curl -s {{{baseUrl}}}/mail/gmail/v1/users/me/messages -H "Authorization: Bearer $LK"

        Allowed: read a ticket with the agent's dedicated credential
          curl -s {{{baseUrl}}}/tickets/rest/api/3/issue/SUP-1 -H "Authorization: Bearer $LK"

        Refused route (a deny rule): 403 route_denied
          curl -s {{{baseUrl}}}/mail/gmail/v1/users/me/settings/filters -H "Authorization: Bearer $LK"

        Missing scope (sending needs email.send): 403 insufficient_scope
          curl -s -X POST {{{baseUrl}}}/mail/gmail/v1/users/me/messages/send -H "Authorization: Bearer $LK" -d '{"raw":"aGk="}'

        Ambiguous path: 400 ambiguous_path
          curl -s --path-as-is '{{{baseUrl}}}/mail/gmail/v1/users/me/messages/%2e%2e/settings' -H "Authorization: Bearer $LK"

        Unknown provider: 404 unknown_provider
          curl -s {{{baseUrl}}}/nosuch/x -H "Authorization: Bearer $LK"

        MCP server for agents: {{{baseUrl}}}/mcp (Streamable HTTP, the same token as bearer; docs/mcp.md).
        It lists list_mail and read_ticket to this session (send_mail needs email.send):
          curl -s {{{baseUrl}}}/mcp -H "Authorization: Bearer $LK" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
            -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
          curl -s {{{baseUrl}}}/mcp -H "Authorization: Bearer $LK" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
            -d '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_ticket","arguments":{"key":"SUP-1"} } }'
        Any MCP client works the same way: docs/mcp.md shows the TypeScript and C# SDKs and Cursor.

        Audit: every request above writes one event to this console (a JSON line with
        "EventType":"latchkey.request") and to the durable buffer in {{{Path.Combine(dataDirectory, "audit")}}}.

        Management API (admin token for tenant "demo"):
          export ADMIN={{{adminJwt}}}
          curl -s {{{baseUrl}}}/v1/sessions -H "Authorization: Bearer $ADMIN"
          curl -s -X POST {{{baseUrl}}}/v1/rules/explain -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
            -d '{"provider":"mail","method":"POST","path":"/gmail/v1/users/me/messages/send","scopes":["email.read"]}'

        Needs a human (an approve rule): held, 202 approval_required with an approval_id
          curl -s -X POST {{{baseUrl}}}/tickets/rest/api/3/issue/SUP-1/comment -H "Authorization: Bearer $LK" -H 'Content-Type: application/json' -d '{"body":"Printer rebooted"}'
          export APPROVAL=<the approval_id from that answer>
        The demo user approves it on {{{baseUrl}}}{{{ApprovalsPage.BasePath}}}/approvals (sign in with $ADMIN), or:
          curl -s -X POST {{{baseUrl}}}/v1/approvals/$APPROVAL/approve -H "Authorization: Bearer $ADMIN"
        The agent sends the same request again with the id: forwarded once, 201
          curl -s -X POST {{{baseUrl}}}/tickets/rest/api/3/issue/SUP-1/comment -H "Authorization: Bearer $LK" -H "Latchkey-Approval: $APPROVAL" -H 'Content-Type: application/json' -d '{"body":"Printer rebooted"}'
        ========================================================

        """;
}
