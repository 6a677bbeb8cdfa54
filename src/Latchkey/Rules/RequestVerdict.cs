using Latchkey.Hosting;

namespace Latchkey.Rules;

/// <summary>
/// The data plane's decision on a request before any credential is sought, made by
/// <see cref="RequestJudge"/>. Its status, error code and message are defined here and nowhere
/// else: the request gate, the enforcement step (and its shadow mode), <c>/v1/rules/explain</c>
/// and <c>latchkey rules explain</c> only map it. A struct, so judging allocates nothing.
/// </summary>
public readonly record struct RequestVerdict
{
    /// <summary>The code explain answers for a request the rules let through.</summary>
    public const string AllowedCode = "allowed";

    private RequestVerdict(VerdictKind kind, RuleDecision? decision, PathRejection rejection)
    {
        Kind = kind;
        Decision = decision;
        Rejection = rejection;
    }

    public static RequestVerdict MethodNotAllowed => new(VerdictKind.MethodNotAllowed, null, PathRejection.None);

    public static RequestVerdict UnknownProvider => new(VerdictKind.UnknownProvider, null, PathRejection.None);

    public VerdictKind Kind { get; }

    /// <summary>The allowlist's decision, when the request got as far as the rules.</summary>
    public RuleDecision? Decision { get; }

    /// <summary>Why the target was refused, for <see cref="VerdictKind.AmbiguousPath"/>.</summary>
    public PathRejection Rejection { get; }

    /// <summary>True when the enforcement step lets the request on: allowed, or held by the approval gate next.</summary>
    public bool PassesRules => Kind is VerdictKind.Allowed or VerdictKind.ApprovalRequired;

    public string? RuleId => Decision?.Rule?.Id;

    /// <summary>The scopes the session lacks, for <see cref="VerdictKind.InsufficientScope"/>; else empty.</summary>
    public IReadOnlyList<string> RequiredScopes => Decision?.RequiredScopes ?? [];

    public int Status => Kind switch
    {
        VerdictKind.Allowed => StatusCodes.Status200OK,
        VerdictKind.ApprovalRequired => StatusCodes.Status202Accepted,
        VerdictKind.AmbiguousPath or VerdictKind.UnreadableContent => StatusCodes.Status400BadRequest,
        VerdictKind.UnknownProvider => StatusCodes.Status404NotFound,
        VerdictKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        _ => StatusCodes.Status403Forbidden,
    };

    /// <summary>The contract's error code, or <see cref="AllowedCode"/>.</summary>
    public string Code => Kind switch
    {
        VerdictKind.Allowed => AllowedCode,
        VerdictKind.ApprovalRequired => ErrorCodes.ApprovalRequired,
        VerdictKind.InsufficientScope => ErrorCodes.InsufficientScope,
        VerdictKind.AmbiguousPath => ErrorCodes.AmbiguousPath,
        VerdictKind.UnknownProvider => ErrorCodes.UnknownProvider,
        VerdictKind.MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        VerdictKind.UnreadableContent => ErrorCodes.UnreadableContent,
        _ => ErrorCodes.RouteDenied,
    };

    /// <summary>The fixed, client-safe message of the refusal; never echoes the request.</summary>
    public string Message => Kind switch
    {
        VerdictKind.Allowed or VerdictKind.ApprovalRequired or VerdictKind.UnreadableContent => Decision!.Reason,
        VerdictKind.Denied => "A rule denies this route.",
        VerdictKind.NoMatchingRule => "No rule allows this route.",
        VerdictKind.InsufficientScope => "The session does not hold the scopes this route requires.",
        VerdictKind.AmbiguousPath => CanonicalTarget.Refused(Rejection).Message,
        VerdictKind.UnknownProvider => "The first path segment names no configured provider.",
        _ => "This HTTP method is never forwarded.",
    };

    /// <summary>Why, for explain: the deciding rule's reason when the rules decided, else <see cref="Message"/>.</summary>
    public string Reason => Decision?.Reason ?? Message;

    public static RequestVerdict Ambiguous(PathRejection rejection) => new(VerdictKind.AmbiguousPath, null, rejection);

    public static RequestVerdict Of(RuleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var kind = decision.Outcome switch
        {
            RuleOutcome.Allowed => VerdictKind.Allowed,
            RuleOutcome.ApprovalRequired => VerdictKind.ApprovalRequired,
            RuleOutcome.Denied => VerdictKind.Denied,
            RuleOutcome.InsufficientScope => VerdictKind.InsufficientScope,
            RuleOutcome.UnreadableContent => VerdictKind.UnreadableContent,
            _ => VerdictKind.NoMatchingRule,
        };
        return new RequestVerdict(kind, decision, PathRejection.None);
    }
}
