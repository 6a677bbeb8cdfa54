using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Method-override and URL-rewrite spellings other servers and frameworks read as the dashed ones
/// (PHP's '.'/'[' → '_', underscores in header names, <c>_method</c> form fields): each is refused
/// with 400 ambiguous_path while a deny rule is in force, and nothing reaches the upstream.
/// </summary>
public sealed class SteeringSpellingTests : IAsyncLifetime
{
    private const string Allowed = "/mail/gmail/v1/users/me/messages/send";
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.send", "email.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.alice");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("?.method=DELETE")]
    [InlineData("?%2Emethod=DELETE")]
    [InlineData("?[method=DELETE")]
    [InlineData("?x_http_method_override=DELETE")]
    public async Task Query_override_spellings_are_refused(string query)
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages" + query, "Bearer " + _session.Token);

        ErrorAssert.IsError(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("X_HTTP_Method_Override")]
    [InlineData("x_http_method")]
    [InlineData("X_Method_Override")]
    [InlineData("X_Original_URL")]
    [InlineData("X_Rewrite_Url")]
    [InlineData("X-Original_URI")]
    public async Task Underscore_spellings_of_steering_headers_are_refused(string header)
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages", "Bearer " + _session.Token,
            [header + ": /gmail/v1/users/me/settings/filters"]);

        ErrorAssert.IsError(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("_method=DELETE")]
    [InlineData("a=1&_METHOD=DELETE")]
    [InlineData(".method=DELETE")]
    [InlineData("%5Fmethod=DELETE")]
    [InlineData("x_http_method_override=DELETE&b=2")]
    public async Task Urlencoded_form_override_field_is_refused(string form)
    {
        using var response = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token,
            new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        await ErrorAssert.IsErrorAsync(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("_method")]
    [InlineData("_Method")]
    [InlineData(".method")]
    public async Task Multipart_form_override_field_is_refused(string field)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("hello"), "note" },
            { new StringContent("DELETE"), field },
        };

        using var response = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token, form);

        await ErrorAssert.IsErrorAsync(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Ordinary_forms_are_forwarded_byte_for_byte()
    {
        using (var urlencoded = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token,
            new StringContent("method=card&note=hello%20world", Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.OK, urlencoded.StatusCode);
        }

        using var multipart = new MultipartFormDataContent("boundary-42") { { new StringContent("hello"), "note" } };
        var expected = await multipart.ReadAsStringAsync();
        using var response = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token, multipart);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _host.Upstream.Received.Count);
        Assert.Equal("method=card&note=hello%20world", _host.Upstream.Received[0].RequestMessage.Body);
        Assert.Equal(expected, _host.Upstream.Received[1].RequestMessage.Body);
    }

    [Fact]
    public async Task A_form_too_large_to_check_is_refused()
    {
        var big = "note=" + new string('a', 5 * 1024 * 1024);
        using var response = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token,
            new StringContent(big, Encoding.ASCII, "application/x-www-form-urlencoded"));

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Malformed_multipart_is_refused()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await _host.SendAsync(HttpMethod.Post, Allowed, _session.Token, content);

        await ErrorAssert.IsErrorAsync(response, 400, "ambiguous_path");
        Assert.Empty(_host.Upstream.Received);
    }
}
