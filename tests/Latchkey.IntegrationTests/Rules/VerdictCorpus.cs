namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// Requests with the answer the data plane, <c>POST /v1/rules/explain</c> and
/// <c>latchkey rules explain</c> must all give, judged by <see cref="Infrastructure.TestConfigs.Rules"/>
/// (enforced) or the same rules with <c>mode: shadow</c>. <c>Path</c> is the raw upstream path as
/// sent after <c>/{provider}</c>; <c>Status</c> is the data plane's status (a forwarded request
/// answers the recording upstream's 200); <c>Code</c> is the error code, or <c>allowed</c>, or in
/// shadow mode the code enforcement would have used (audited as <c>Reason</c>). Add a row for
/// every disagreement ever found.
/// </summary>
internal static class VerdictCorpus
{
    public static IReadOnlyList<VerdictCase> Enforced { get; } =
    [
        // Allowed, by the rule that matched.
        new("GET", "mail", "/gmail/v1/users/me/messages/17", "email.read", 200, "allowed", "mail.read"),
        new("HEAD", "mail", "/gmail/v1/users/me/messages", "email.read", 200, "allowed", "mail.read"),
        new("POST", "mail", "/gmail/v1/users/me/messages/send", "email.send", 200, "allowed", "mail.send"),
        new("GET", "mail", "/gmail/v1/users/me/me%73sages/1", "email.read", 200, "allowed", "mail.read"),
        new("GET", "mail", "/gmail/v1/users/me/messages/a%40b", "email.read", 200, "allowed", "mail.read"),
        new("GET", "tickets", "/rest/api/3/issue/SUP-1", "tickets.read", 200, "allowed", "tickets.read"),
        new("GET", "mail", "/gmail/v1/users/me", "email.read", 200, "allowed", "mail.read"), // {**rest} matches nothing too

        // Missing scope.
        new("POST", "mail", "/gmail/v1/users/me/messages/send", "email.read", 403, "insufficient_scope", "mail.send"),
        new("GET", "mail", "/gmail/v1/users/me/messages/17", "other.scope", 403, "insufficient_scope", "mail.read"),
        new("GET", "tickets", "/rest/api/3/issue/SUP-1", "email.read", 403, "insufficient_scope", "tickets.read"),
        new("DELETE", "mail", "/gmail/v1/users/me/messages/9", "email.read", 403, "insufficient_scope", "mail.approve"),

        // Deny overrides allow, for every method and whatever scopes are held.
        new("GET", "mail", "/gmail/v1/users/me/settings/filters", "email.read", 403, "route_denied", "mail.settings.deny"),
        new("HEAD", "mail", "/gmail/v1/users/me/settings/filters", "email.read", 403, "route_denied", "mail.settings.deny"),
        new("POST", "mail", "/gmail/v1/users/me/settings/filters", "email.read,email.send", 403, "route_denied", "mail.settings.deny"),
        new("OPTIONS", "mail", "/gmail/v1/users/me/settings/x", "other.scope", 403, "route_denied", "mail.settings.deny"),
        new("GET", "mail", "/gmail/v1/users/me/sett%69ngs/filters", "email.read", 403, "route_denied", "mail.settings.deny"),
        new("GET", "mail", "/gmail/v1/users/me/SETTINGS/filters", "email.read", 403, "route_denied", "mail.settings.deny"),

        // No rule: deny by default (another path, or a method no rule names here).
        new("GET", "mail", "/gmail/v1/users/other/messages", "email.read", 403, "route_denied", null),
        new("PUT", "mail", "/gmail/v1/users/me/messages/9", "email.read", 403, "route_denied", null),
        new("GET", "tickets", "/rest/api/3/issue/SUP-1/comments", "tickets.read", 403, "route_denied", null),

        // Approval.
        new("DELETE", "mail", "/gmail/v1/users/me/messages/9", "email.delete", 202, "approval_required", "mail.approve"),
        new("DELETE", "mail", "/gmail/v1/users/me/messages/9", "email.delete,email.read", 202, "approval_required", "mail.approve"),

        // Ambiguous targets: encoded slashes, dot segments, double encoding and friends.
        new("GET", "mail", "/gmail/v1/users/me/messages%2F17", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages%2f17", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages%5C17", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/%2e%2e/settings", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages/../settings/x", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/./messages", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages/%252e%252e", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me//messages", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages;x=1", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/settings./x", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages?_method=DELETE", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages/%EF%BC%8E%EF%BC%8E", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages/%C0%AE", "email.read", 400, "ambiguous_path", null),
        new("GET", "mail", "/gmail/v1/users/me/messages/%zz", "email.read", 400, "ambiguous_path", null),
        new("DELETE", "mail", "/gmail/v1/users/me/messages/%2e%2e", "email.delete", 400, "ambiguous_path", null),

        // Unknown provider, after the target and the method were accepted.
        new("GET", "nosuch", "/x", "email.read", 404, "unknown_provider", null),
        new("GET", "nosuch", "/../x", "email.read", 400, "ambiguous_path", null),
        new("PROPFIND", "nosuch", "/x", "email.read", 405, "method_not_allowed", null),

        // Methods: TRACE before canonicalisation, every other unknown method after it.
        new("PROPFIND", "mail", "/gmail/v1/users/me/messages", "email.read", 405, "method_not_allowed", null),
        new("PROPFIND", "mail", "/gmail/v1/users/me/../settings", "email.read", 400, "ambiguous_path", null),
        new("PROPFIND", "mail", "/gmail/v1/users/me/messages%2F1", "email.read", 400, "ambiguous_path", null),
        new("PATCHY", "mail", "/gmail/v1/users/me//messages", "email.read", 400, "ambiguous_path", null),
        new("TRACE", "mail", "/gmail/v1/users/me/messages", "email.read", 405, "method_not_allowed", null),
        new("TRACE", "mail", "/gmail/v1/users/me/../settings", "email.read", 405, "method_not_allowed", null),
    ];

    public static IReadOnlyList<VerdictCase> Shadowed { get; } =
    [
        // Would-be refusals are forwarded; the code is what enforcement would have answered.
        new("GET", "mail", "/gmail/v1/users/me/messages/17", "email.read", 200, "allowed", "mail.read"),
        new("GET", "mail", "/gmail/v1/users/me/settings/filters", "email.read", 200, "route_denied", "mail.settings.deny"),
        new("GET", "mail", "/gmail/v1/users/me/messages/17", "other.scope", 200, "insufficient_scope", "mail.read"),
        new("GET", "mail", "/gmail/v1/users/other/messages", "email.read", 200, "route_denied", null),
        new("DELETE", "mail", "/gmail/v1/users/me/messages/9", "email.delete", 200, "approval_required", "mail.approve"),

        // Shadow mode never relaxes the target, the method or the provider checks.
        new("GET", "mail", "/gmail/v1/users/me/%2e%2e/settings", "email.read", 400, "ambiguous_path", null),
        new("PROPFIND", "mail", "/gmail/v1/users/me/../settings", "email.read", 400, "ambiguous_path", null),
        new("PROPFIND", "mail", "/gmail/v1/users/me/messages", "email.read", 405, "method_not_allowed", null),
        new("GET", "nosuch", "/x", "email.read", 404, "unknown_provider", null),
    ];
}

/// <summary>One request of <see cref="VerdictCorpus"/> and the answer every surface must give.</summary>
internal sealed record VerdictCase(string Method, string Provider, string Path, string Scopes, int Status, string Code, string? Rule)
{
    public override string ToString() => $"{Method} /{Provider}{Path} [{Scopes}]";
}
