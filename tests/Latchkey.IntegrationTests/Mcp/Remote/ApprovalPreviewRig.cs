namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// <see cref="RemoteMcpRig"/> plus the shipped <c>gmail_send_message</c> tool at <c>/mcp</c>, held by
/// an <c>approve</c> rule (as the gmail pack suggests) and mapped onto the recording upstream.
/// </summary>
public sealed class ApprovalPreviewRig : RemoteMcpRig
{
    private const string MailProvider = """

          mail:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
        """;

    private const string MailRules = """

          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [remote.write]
            action: approve
        """;

    private const string Tools = """
        tools:
          - name: gmail_send_message
            description: Send a plain-text e-mail from the user's Gmail account.
            provider: mail
            method: POST
            path: /gmail/v1/users/me/messages/send
            body:
              raw:
                $email:
                  to: "{to}"
                  cc: "{cc}"
                  subject: "{subject}"
                  text: "{text}"
            input_schema:
              type: object
              properties:
                to: { type: string, minLength: 3, maxLength: 1000 }
                cc: { type: string, maxLength: 1000 }
                subject: { type: string, maxLength: 500 }
                text: { type: string, maxLength: 100000 }
              required: [to, subject, text]
              additionalProperties: false
        """;

    public ApprovalPreviewRig()
        : base(new Dictionary<string, string?>(), MailProvider, MailRules, Tools)
    {
    }
}
