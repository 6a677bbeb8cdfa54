namespace Latchkey.Credentials.OAuth;

/// <summary>The outcome of one call to a provider's token endpoint.</summary>
internal abstract record TokenEndpointResult
{
    private TokenEndpointResult()
    {
    }

    public sealed record Success(TokenResponse Tokens) : TokenEndpointResult;

    /// <summary>The server refused the grant (<c>invalid_grant</c>, a bad client, ...): retrying will not help.</summary>
    public sealed record Rejected(string Error) : TokenEndpointResult;

    /// <summary>5xx, 429, a timeout or a network error: worth retrying; nothing is discarded.</summary>
    public sealed record Transient : TokenEndpointResult;
}
