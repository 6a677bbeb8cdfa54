using System.Collections.Frozen;

namespace Latchkey.Credentials.OAuth;

/// <summary>The outcome of one call to a provider's token endpoint.</summary>
internal abstract record TokenEndpointResult
{
    private TokenEndpointResult()
    {
    }

    public sealed record Success(TokenResponse Tokens) : TokenEndpointResult;

    /// <summary>
    /// The server refused the call, or its answer could not be read: retrying at once will not help.
    /// Only <see cref="EndsGrant"/> says the user's grant is gone; any other refusal (a client id or
    /// secret Latchkey cannot present or the provider refuses, an unreadable answer) is Latchkey's
    /// problem, and the grant is kept for when it is fixed.
    /// </summary>
    public sealed record Rejected(string Error) : TokenEndpointResult
    {
        // RFC 6749 §5.2 invalid_grant, and the codes GitHub (bad_refresh_token) and Slack
        // (invalid_refresh_token) answer with status 200 for a refresh token that is no longer valid.
        private static readonly FrozenSet<string> GrantRefusals =
            FrozenSet.Create(StringComparer.Ordinal, "invalid_grant", "bad_refresh_token", "invalid_refresh_token");

        public bool EndsGrant => GrantRefusals.Contains(Error);
    }

    /// <summary>5xx, 429, a timeout or a network error: worth retrying; nothing is discarded.</summary>
    public sealed record Transient : TokenEndpointResult;
}
