using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Admin;
using Latchkey.Approvals;
using Microsoft.AspNetCore.Antiforgery;

namespace Latchkey.Tests.Approvals;

/// <summary>
/// JSON string escapes (<c>\u003C</c>, as .NET and other serializers write <c>&lt;</c>) are shown to
/// the approver as the text they stand for; the page HTML-encodes it.
/// </summary>
public sealed class JsonPreviewTextTests
{
    [Theory]
    [InlineData("{\"html\":\"\\u003Cb\\u003Ehi\\u003C/b\\u003E \\u0026 caf\\u00e9\"}", "{\"html\":\"<b>hi</b> & café\"}")]
    [InlineData("{\"\\u003Cname\\u003E\":1}", "{\"<name>\":1}")]
    [InlineData("{\"q\":\"a\\\"b\\\\c\\u003C\\/d\"}", "{\"q\":\"a\\\"b\\\\c</d\"}")]
    [InlineData("{\"bell\":\"x\\u0007\\ty\"}", "{\"bell\":\"x\\u0007\\ty\"}")]
    [InlineData("[ \"\\u0041\" ,\n \"plain\" ]", "[ \"A\" ,\n \"plain\" ]")]
    public void Escaped_json_text_is_shown_as_the_text_it_stands_for(string body, string expected)
    {
        Assert.Equal(expected, Preview(body));
    }

    [Fact]
    public void Escaped_bidi_characters_are_still_spelled_out()
    {
        Assert.Equal("{\"to\":\"a\\u202Eb\"}", Preview("{\"to\":\"a\\u202eb\"}"));
    }

    [Fact]
    public void Escaped_text_under_a_secret_key_stays_masked()
    {
        Assert.Equal("{\"password\":\"***\",\"note\":\"<\"}", Preview("{\"password\":\"\\u003Chunter2\",\"note\":\"\\u003C\"}"));
    }

    [Fact]
    public void Approvals_page_shows_the_angle_bracket_html_encoded()
    {
        var preview = Preview("{\"html\":\"\\u003Cscript\\u003E\"}");
        var record = new ApprovalRecord
        {
            Id = "ap_1",
            Tenant = "t",
            UserId = "u",
            AgentId = "a",
            SessionId = "s",
            Provider = "mail",
            RuleId = "r",
            Method = "POST",
            Path = "/send",
            Fingerprint = "f",
            BodyLength = 10,
            BodyPreview = preview,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(5),
        };
        var caller = ManagementCaller.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "u"), new Claim("tid", "t")])), new AdminOptions())!;

        var html = ApprovalsPageHtml.List(new AntiforgeryTokenSet("r", "c", "f", "h"), caller, [record], null);

        Assert.Contains("{&quot;html&quot;:&quot;&lt;script&gt;&quot;}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    private static string Preview(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var result = BodyPreview.Create(bytes, SHA256.HashData(bytes), "application/json", null);
        Assert.False(result.IsMalformed);
        return result.Preview!;
    }
}
