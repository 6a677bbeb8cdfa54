namespace Latchkey.Forwarding;

/// <summary>
/// Builds the upstream address with the agent's query exactly as it arrived. YARP's own address
/// goes through <see cref="Uri"/>'s canonicalisation, which decodes escaped unreserved characters
/// (<c>%2e%2e%41</c> becomes <c>..A</c>): the upstream would read another query than the one the
/// canonicaliser judged unambiguous.
/// </summary>
internal static class RawQueryUri
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <param name="destinationPrefix">Scheme, authority and optional base path of the upstream.</param>
    /// <param name="path">The canonical upstream path.</param>
    /// <param name="rawQuery">The query as received, starting with '?', already judged by RequestTargetCanonicalizer.</param>
    public static Uri Create(string destinationPrefix, PathString path, string rawQuery)
    {
        // YARP's path encoding, so the path is spelled exactly as for a request without a query;
        // only its canonical string is reused, and the query is appended verbatim.
        var withoutQuery = Yarp.ReverseProxy.Forwarder.RequestUtilities.MakeDestinationAddress(destinationPrefix, path, QueryString.Empty);
        return new Uri(withoutQuery.AbsoluteUri + rawQuery, in Verbatim);
    }
}
