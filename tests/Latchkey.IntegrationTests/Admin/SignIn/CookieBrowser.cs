using System.Net;
using System.Text.RegularExpressions;

namespace Latchkey.IntegrationTests.Admin.SignIn;

/// <summary>
/// What a browser does that matters to a sign-in: keeps cookies per host and path, follows
/// redirects across hosts one at a time (so a test can stop at one and change it), submits forms.
/// </summary>
public sealed partial class CookieBrowser : IDisposable
{
    private readonly HttpClient _client;

    public CookieBrowser()
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true });
    }

    public CookieContainer Cookies { get; }

    /// <summary>The Set-Cookie headers seen, in order.</summary>
    public List<string> SetCookies { get; } = [];

    public async Task<HttpResponseMessage> GetAsync(Uri url)
    {
        var response = await _client.GetAsync(url);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            SetCookies.AddRange(values);
        }

        return response;
    }

    public async Task<HttpResponseMessage> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await _client.PostAsync(url, new FormUrlEncodedContent(fields));
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            SetCookies.AddRange(values);
        }

        return response;
    }

    /// <summary>Follows redirects from <paramref name="url"/> until <paramref name="stopAt"/> says stop (at a redirect's target) or a page answers.</summary>
    public async Task<(Uri Url, HttpResponseMessage Response)> FollowAsync(Uri url, Func<Uri, bool>? stopAt = null)
    {
        for (var hop = 0; hop < 10; hop++)
        {
            var response = await GetAsync(url);
            if ((int)response.StatusCode is < 300 or > 399)
            {
                return (url, response);
            }

            var next = new Uri(url, response.Headers.Location!);
            response.Dispose();
            if (stopAt?.Invoke(next) == true)
            {
                return (next, new HttpResponseMessage(HttpStatusCode.Redirect));
            }

            url = next;
        }

        throw new InvalidOperationException("too many redirects");
    }

    /// <summary>The hidden antiforgery field of the first form on the page.</summary>
    public static KeyValuePair<string, string> AntiforgeryField(string html)
    {
        var match = HiddenInput().Match(html);
        Assert.True(match.Success, "no antiforgery field on the page");
        return new(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
