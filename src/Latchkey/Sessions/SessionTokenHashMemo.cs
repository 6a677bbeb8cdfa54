using System.Runtime.CompilerServices;

namespace Latchkey.Sessions;

/// <summary>
/// Remembers the token hash of an <c>Authorization</c> header value for as long as that very
/// string object lives. Kestrel hands a keep-alive connection the same string instance again
/// when a request repeats the previous request's header value (its string reuse, on by
/// default), so an agent's steady stream of calls is parsed and SHA-256-hashed once per
/// connection instead of once per request.
/// </summary>
/// <remarks>
/// Keyed by object identity, so it never keeps a token alive longer than the server does and
/// never compares secrets; a string's content cannot change, so a remembered hash is always the
/// hash of that value. Only well-formed tokens are remembered. Revocation and expiry are
/// unaffected: the hash is looked up in the session store (or its invalidated cache) every time.
/// </remarks>
internal static class SessionTokenHashMemo
{
    private static readonly ConditionalWeakTable<string, string> Hashes = new();

    public static bool TryGet(string authorizationValue, out string? tokenHash) =>
        Hashes.TryGetValue(authorizationValue, out tokenHash);

    public static void Remember(string authorizationValue, string tokenHash) =>
        Hashes.AddOrUpdate(authorizationValue, tokenHash);
}
