using Latchkey.Providers;
using Latchkey.Sessions;

namespace Latchkey.DataPlane;

/// <summary>
/// After the session is resolved, makes sure its token leaves with nothing that is forwarded: the
/// query position it was read from is cut out of the raw query, every other header holding it is
/// dropped (an SDK sending it as both <c>Authorization</c> and <c>x-api-key</c>), and a request
/// with a token-shaped value anywhere else in its query, or another session's token in a header,
/// is refused: the query is forwarded byte for byte and cannot be edited further.
/// </summary>
/// <remarks>
/// The common request (a bearer token, no token-shaped value elsewhere) costs one vectorised
/// search per header and allocates nothing. Form bodies are checked by <see cref="FormMethodOverrideStep"/>.
/// </remarks>
internal static class SessionTokenLeakCheck
{
    /// <summary>False when the request must be refused with <c>session_token_misplaced</c>.</summary>
    public static bool Apply(HttpRequest request, AgentRequestFeature agentRequest, in SessionTokenRead read)
    {
        if (read.Source is { Kind: SessionTokenSourceKind.Query } querySource)
        {
            QueryParameter.Find(agentRequest.Query, querySource.Name, out var range);
            agentRequest.Query = QueryParameter.Remove(agentRequest.Query, range);
            request.QueryString = agentRequest.Query.Length == 0 ? QueryString.Empty : new QueryString(agentRequest.Query);
        }

        if (SessionTokenShapeScanner.Appears(agentRequest.Query, percentDecode: true))
        {
            return false;
        }

        var usedHeader = read.Source is { Kind: not SessionTokenSourceKind.Query } source ? source.Name : null;
        List<string>? copies = null;
        string? token = null;
        foreach (var (name, values) in request.Headers)
        {
            if (usedHeader is not null && string.Equals(name, usedHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is null || !SessionTokenShapeScanner.Appears(value, percentDecode: false))
                {
                    continue;
                }

                token ??= read.Token();
                if (token is null || !value.Contains(token, StringComparison.Ordinal))
                {
                    return false;
                }

                (copies ??= []).Add(name);
            }
        }

        foreach (var name in copies ?? [])
        {
            request.Headers.Remove(name);
        }

        // The header the token was read from goes too (Authorization is never forwarded anyway).
        if (read.Source is { Kind: SessionTokenSourceKind.Header } header)
        {
            request.Headers.Remove(header.Name);
        }

        return true;
    }
}
