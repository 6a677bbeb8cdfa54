using System.Text.Json;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Checks a response is the contract's JSON error and returns its body.</summary>
public static class ErrorAssert
{
    public static async Task<JsonElement> IsErrorAsync(HttpResponseMessage response, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));
        Assert.Equal(requestId, body.GetProperty("request_id").GetString());
        return body;
    }

    public static JsonElement IsError(RawResponse response, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.Status == status, $"expected {status} {code}, got {response.Status}: {response.Head}\n{response.Body}");
        var body = JsonDocument.Parse(DechunkIfNeeded(response)).RootElement;
        Assert.Equal(code, body.GetProperty("error").GetString());
        return body;
    }

    private static string DechunkIfNeeded(RawResponse response)
    {
        if (!response.Head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return response.Body;
        }

        var result = new System.Text.StringBuilder();
        var rest = response.Body;
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(rest[..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(rest, lineEnd + 2, size);
            rest = rest[(lineEnd + 2 + size + 2)..];
        }

        return result.ToString();
    }
}
