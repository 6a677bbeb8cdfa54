namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>Why no client could be registered: fixed codes for the log, never a response body, a URL from a response or a secret.</summary>
internal static class ClientRegistrationFailures
{
    /// <summary>The authorization server's metadata has no <c>registration_endpoint</c> (RFC 8414 §2).</summary>
    public const string RegistrationUnsupported = "registration_unsupported";

    /// <summary>The registration endpoint is not https (http only on loopback), carries user info or a fragment, or is private without allow_private_network.</summary>
    public const string InsecureUrl = "insecure_url";

    /// <summary>The server supports none of <c>none</c>, <c>client_secret_basic</c>, <c>client_secret_post</c> at its token endpoint.</summary>
    public const string AuthMethodUnsupported = "auth_method_unsupported";

    /// <summary>The server refused the registration (a 4xx, or a redirect, which is never followed; RFC 7591 §3.2.2).</summary>
    public const string RegistrationRefused = "registration_refused";

    /// <summary>The server could not be reached, timed out or answered 5xx or 429: tried again on the next connect.</summary>
    public const string RegistrationUnavailable = "registration_unavailable";

    /// <summary>The answer was not a usable RFC 7591 §3.2.1 response: too large, not a JSON object, no client_id, an unusable method or secret.</summary>
    public const string InvalidResponse = "invalid_registration_response";
}
