using System.Security.Cryptography;
using System.Text;
using Latchkey.Approvals;

namespace Latchkey.Tests.Approvals;

public sealed class PreviewTextTests
{
    // TAG characters (U+E0000–E007F) spell hidden ASCII ("ASCII smuggling"); variation selectors
    // can carry a byte each. Outside the BMP they are surrogate pairs, which a char-by-char check misses.
    [Theory]
    [InlineData("hi\U000E0041\U000E0042", "hi\\uDB40\\uDC41\\uDB40\\uDC42")]
    [InlineData("a\U000E0100b", "a\\uDB40\\uDD00b")]
    [InlineData("a\uFE0Fb", "a\\uFE0Fb")]
    [InlineData("\u202Eabc", "\\u202Eabc")]
    [InlineData("emoji \U0001F600 stays", "emoji \U0001F600 stays")]
    public void Invisible_characters_are_spelled_out_inside_and_outside_the_bmp(string text, string shown)
    {
        Assert.Equal(shown, PreviewText.Visible(text));
    }

    [Theory]
    [InlineData("text/plain", "hi\U000E0041\U000E0042")]
    [InlineData("application/json", "{\"t\":\"hi\U000E0041\U000E0042\"}")]
    [InlineData("application/json", "{\"t\":\"hi\\udb40\\udc41\\udb40\\udc42\"}")]
    [InlineData("application/x-www-form-urlencoded", "t=hi\U000E0041\U000E0042")]
    public void Tag_characters_in_a_body_show_as_escapes_and_never_raw(string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        var preview = BodyPreview.Create(bytes, SHA256.HashData(bytes), contentType, null).Preview!;

        Assert.Contains("hi\\uDB40\\uDC41\\uDB40\\uDC42", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(preview, char.IsSurrogate);
    }

    [Fact]
    public void Tag_characters_in_a_query_show_as_escapes()
    {
        var shown = PreviewText.Visible(QueryPreview.Mask("?t=hi\U000E0041&sk-proj0123456789abcdef\U000E0042=1"));

        Assert.Equal("?t=hi\\uDB40\\uDC41&***%F3%A0%81%82=1", shown);
    }
}
