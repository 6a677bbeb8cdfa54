namespace Latchkey.Approvals.Notifications;

/// <summary>The outcome of checking a Slack request's signature.</summary>
internal enum SlackSignatureCheck
{
    Valid,

    /// <summary>No or unparsable <c>X-Slack-Request-Timestamp</c> / <c>X-Slack-Signature</c>.</summary>
    Missing,

    /// <summary>The timestamp is more than five minutes from now: a replay, or a clock far off.</summary>
    Stale,

    /// <summary>The signature does not match the body with the signing secret.</summary>
    Invalid,
}
