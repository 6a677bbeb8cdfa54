using Latchkey.Providers;

namespace Latchkey.Sessions;

/// <summary>
/// Reads the session token from the positions a provider allows (<c>session_token_from</c>), in
/// order. One token per request: a position repeated (two headers, a query parameter twice) or
/// two positions carrying different tokens make the request ambiguous and it is refused.
/// </summary>
internal static class SessionTokenReader
{
    public static SessionTokenRead Read(HttpRequest request, string rawQuery, IReadOnlyList<SessionTokenSource> sources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sources);
        SessionTokenRead found = default;
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var candidate = ReadOne(request, rawQuery, source);
            if (candidate.Failure == SessionResolutionFailure.NoCredential)
            {
                continue;
            }

            if (candidate.Failure != SessionResolutionFailure.None)
            {
                return candidate;
            }

            if (found.Source is null)
            {
                found = candidate;
            }
            else if (!string.Equals(found.Token(), candidate.Token(), StringComparison.Ordinal))
            {
                // Same token twice (an SDK with both env vars set) is one session; two are not.
                return SessionTokenRead.Failed(SessionResolutionFailure.Conflicting);
            }
        }

        return found.Source is null ? SessionTokenRead.Failed(SessionResolutionFailure.NoCredential) : found;
    }

    private static SessionTokenRead ReadOne(HttpRequest request, string rawQuery, SessionTokenSource source)
    {
        if (source.Kind == SessionTokenSourceKind.Query)
        {
            return QueryParameter.Find(rawQuery, source.Name, out var range) switch
            {
                0 => SessionTokenRead.Failed(SessionResolutionFailure.NoCredential),
                1 => new SessionTokenRead(SessionResolutionFailure.None, source, QueryParameter.ValueAt(rawQuery, range)),
                _ => SessionTokenRead.Failed(SessionResolutionFailure.MultipleCredentials),
            };
        }

        var values = source.Kind == SessionTokenSourceKind.Authorization ? request.Headers.Authorization : request.Headers[source.Name];
        return values.Count switch
        {
            0 => SessionTokenRead.Failed(SessionResolutionFailure.NoCredential),
            1 => new SessionTokenRead(SessionResolutionFailure.None, source, values[0]),
            _ => SessionTokenRead.Failed(SessionResolutionFailure.MultipleCredentials),
        };
    }
}
