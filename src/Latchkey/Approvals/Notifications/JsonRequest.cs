using System.Net.Http.Headers;

namespace Latchkey.Approvals.Notifications;

/// <summary>A POST of a JSON body already serialised, so a signature covers exactly the bytes sent.</summary>
internal static class JsonRequest
{
    public static HttpRequestMessage Post(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }
}
