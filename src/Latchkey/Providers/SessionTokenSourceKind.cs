namespace Latchkey.Providers;

/// <summary>Where in a request an agent may present its session token.</summary>
public enum SessionTokenSourceKind
{
    /// <summary><c>Authorization: Bearer|token|Basic</c>, as <c>SessionCredentialParser</c> reads it.</summary>
    Authorization,

    /// <summary>A header carrying the bare token (<c>x-api-key</c>, <c>api-key</c>, <c>x-goog-api-key</c>).</summary>
    Header,

    /// <summary>One query parameter carrying the token; removed from the query before forwarding.</summary>
    Query,
}
