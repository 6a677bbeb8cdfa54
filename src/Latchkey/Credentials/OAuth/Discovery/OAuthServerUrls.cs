using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>The one rule for every URL a remote server's metadata names, before Latchkey sends anything there.</summary>
internal static class OAuthServerUrls
{
    /// <summary>
    /// https, or http only on loopback (as for configured OAuth endpoints); no user info or fragment;
    /// a loopback or private address only when the provider allows the private network.
    /// </summary>
    public static bool IsAcceptable(Uri url, ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(provider);
        return (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            && url.UserInfo.Length == 0 && url.Fragment.Length == 0
            && (provider.AllowPrivateNetwork || PrivateNetworkAddress.Describe(url) is null);
    }
}
