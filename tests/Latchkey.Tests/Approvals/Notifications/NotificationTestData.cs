using Latchkey.Approvals;
using Latchkey.Approvals.Notifications;
using Latchkey.Credentials;
using Latchkey.Providers;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>Approvals, notices and a literal-only secret resolver for the notification tests.</summary>
internal static class NotificationTestData
{
    public const string WebhookSecret = "whsec-0123456789abcdef0123456789abcdef";

    public static ApprovalRecord Approval(string tenant = "acme") => new()
    {
        Id = "apr_test1",
        Tenant = tenant,
        UserId = "alice",
        AgentId = "bot",
        SessionId = "ses_secret_session_id",
        Provider = "mail",
        RuleId = "mail.send",
        Method = "POST",
        Path = "/gmail/v1/users/me/messages/send",
        Query = "?to=<bob>&key=***",
        ContentType = "application/json",
        Fingerprint = "ff",
        BodyLength = 40,
        BodyPreview = "{\"subject\":\"<b>hi</b> [click](https://evil.example) <!channel>\"}",
        CreatedAt = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero),
        ExpiresAt = new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.Zero),
    };

    public static ApprovalNotice Notice(string tenant = "acme") => new ApprovalNotice(Approval(tenant), "https://latchkey.example.com/v1/ui/approvals");

    /// <summary>Literals and <c>env:</c> only: no Key Vault in unit tests.</summary>
    public sealed class LiteralSecrets : ISecretResolver
    {
        public ValueTask<string?> ResolveAsync(SecretReference reference, CancellationToken cancellationToken) =>
            ValueTask.FromResult(reference.Resolve());
    }
}
