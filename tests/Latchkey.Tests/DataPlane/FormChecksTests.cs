using System.Text;
using Latchkey.DataPlane;

namespace Latchkey.Tests.DataPlane;

public sealed class FormChecksTests
{
    [Theory]
    [InlineData("_method=DELETE", true)]
    [InlineData("a=1&_METHOD=put", true)]
    [InlineData("a=1;.method=put", true)]
    [InlineData("%5Bmethod=DELETE", true)]
    [InlineData("+_method=DELETE", true)]
    [InlineData("_method%00=DELETE", true)]
    [InlineData("_method%00x=DELETE", true)]
    [InlineData("a%01b=1", true)]
    [InlineData("X_HTTP_Method_Override=DELETE", true)]
    [InlineData("_method", true)]
    [InlineData("method=card&note=_method%3DDELETE", false)]
    [InlineData("payment_method=card", false)]
    [InlineData("", false)]
    public async Task Urlencoded_field_names_are_judged_like_query_parameters(string form, bool isOverride)
    {
        using var body = new MemoryStream(Encoding.ASCII.GetBytes(form));

        Assert.Equal(isOverride ? FormVerdict.MethodOverride : FormVerdict.Clean, await UrlEncodedFormCheck.CheckAsync(body, CancellationToken.None));
    }

    [Fact]
    public async Task A_long_field_name_that_decodes_and_trims_to_an_override_is_one()
    {
        string[] overrides = [new string('+', 300) + "_method=DELETE", string.Concat(Enumerable.Repeat("%20", 100)) + "_method=DELETE", "a=1&" + new string('+', 122) + "_method=DELETE"];
        foreach (var form in overrides)
        {
            using var body = new MemoryStream(Encoding.ASCII.GetBytes(form));
            Assert.Equal(FormVerdict.MethodOverride, await UrlEncodedFormCheck.CheckAsync(body, CancellationToken.None));
        }

        using var plain = new MemoryStream(Encoding.ASCII.GetBytes(new string('a', 5000) + "=1&b=2"));
        Assert.Equal(FormVerdict.Clean, await UrlEncodedFormCheck.CheckAsync(plain, CancellationToken.None));
    }

    [Fact]
    public async Task A_long_multipart_field_name_that_trims_to_an_override_is_one()
    {
        var text = "--b\r\nContent-Disposition: form-data; name=\"" + new string(' ', 300) + "_method\"\r\n\r\nDELETE\r\n--b--\r\n";
        using var body = new MemoryStream(Encoding.ASCII.GetBytes(text));

        Assert.Equal(FormVerdict.MethodOverride, await MultipartFormCheck.CheckAsync(body, "b", CancellationToken.None));
    }

    [Theory]
    [InlineData("name=\"_method\"", true)]
    [InlineData("name=_Method", true)]
    [InlineData("name=\".method\"", true)]
    [InlineData("name*=UTF-8''%5Fmethod", true)]
    [InlineData("name=\"note\"; filename=\"_method\"", false)]
    [InlineData("name=\"method\"", false)]
    public async Task Multipart_field_names_are_judged(string disposition, bool isOverride)
    {
        var text = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--b\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\nDELETE\r\n--b--\r\n";
        using var body = new MemoryStream(Encoding.ASCII.GetBytes(text));

        Assert.Equal(isOverride ? FormVerdict.MethodOverride : FormVerdict.Clean, await MultipartFormCheck.CheckAsync(body, "b", CancellationToken.None));
    }

    [Theory]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--b--\r\n")]
    public async Task Malformed_multipart_is_unreadable(string text)
    {
        using var body = new MemoryStream(Encoding.ASCII.GetBytes(text));

        Assert.Equal(FormVerdict.Unreadable, await MultipartFormCheck.CheckAsync(body, "b", CancellationToken.None));
    }
}
