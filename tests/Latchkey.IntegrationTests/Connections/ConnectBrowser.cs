using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>
/// A browser's cookie jar in front of one or more Latchkey instances that share a public URL: it
/// keeps what <c>Set-Cookie</c> sets and sends it back, whichever instance answers, as a browser
/// behind a load balancer would. Cookie attributes are kept as received, for assertions.
/// </summary>
public sealed class ConnectBrowser
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header received, in order.</summary>
    public List<string> SetCookies { get; } = [];

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public Task<HttpResponseMessage> GetAsync(LatchkeyTestHost host, string url) =>
        SendAsync(host, new HttpRequestMessage(HttpMethod.Get, PathOf(url)));

    public Task<HttpResponseMessage> PostFormAsync(LatchkeyTestHost host, string url, IReadOnlyDictionary<string, string> form) =>
        SendAsync(host, new HttpRequestMessage(HttpMethod.Post, PathOf(url)) { Content = new FormUrlEncodedContent(form) });

    public async Task<HttpResponseMessage> SendAsync(LatchkeyTestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await host.Client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(header);
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                var expired = value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)
                    || header.Contains("max-age=0", StringComparison.OrdinalIgnoreCase);
                if (expired)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }

            return response;
        }
    }

    /// <summary>Links carry the configured public URL; the test instance answers for it on its own address.</summary>
    private static string PathOf(string url) =>
        url.StartsWith("http", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : url;
}
