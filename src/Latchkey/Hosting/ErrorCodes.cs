namespace Latchkey.Hosting;

/// <summary>The contract's error codes (§3, §4, §5). Use these constants, never literals.</summary>
public static class ErrorCodes
{
    public const string InvalidSession = "invalid_session";
    public const string UnknownProvider = "unknown_provider";
    public const string AmbiguousPath = "ambiguous_path";
    public const string RouteDenied = "route_denied";
    public const string InsufficientScope = "insufficient_scope";
    public const string ConnectionRequired = "connection_required";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ApprovalRequired = "approval_required";
    public const string ApprovalMismatch = "approval_mismatch";
    public const string ApprovalUsed = "approval_used";
    public const string ApprovalDenied = "approval_denied";
    public const string ApprovalExpired = "approval_expired";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnreadableContent = "unreadable_content";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";
    public const string AuditUnavailable = "audit_unavailable";
    public const string UpstreamUnreachable = "upstream_unreachable";
    public const string UpstreamTimeout = "upstream_timeout";
    public const string CredentialUnavailable = "credential_unavailable";
    public const string OAuthDiscoveryFailed = "oauth_discovery_failed";
    public const string OAuthRegistrationFailed = "oauth_registration_failed";
    public const string SessionTokenMisplaced = "session_token_misplaced";
    public const string InternalError = "internal_error";
    public const string RequestBodyError = "request_body_error";
    public const string ClientClosedRequest = "client_closed_request";

    // Management API
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string InvalidRequest = "invalid_request";
    public const string ApprovalDecided = "approval_decided";
}
