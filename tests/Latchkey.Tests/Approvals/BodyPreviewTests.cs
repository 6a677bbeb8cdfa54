using System.Text;
using Latchkey.Approvals;

namespace Latchkey.Tests.Approvals;

public sealed class BodyPreviewTests
{
    [Fact]
    public void Json_values_under_secret_sounding_keys_are_masked()
    {
        var body = "{\"to\":\"bob@example.com\",\"api_key\":\"abc\",\"nested\":{\"Password\":\"hunter2\",\"note\":\"hi\"},\"list\":[{\"refresh_token\":\"x\"}]}";

        var preview = Create(body, "application/json");

        Assert.Contains("bob@example.com", preview, StringComparison.Ordinal);
        Assert.Contains("\"note\": \"hi\"", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", preview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "send it with Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sgnature123 please")]
    [InlineData("application/json", "{\"text\":\"key sk_live_0123456789abcdefghijklmnop here\"}")]
    public void Long_token_like_strings_are_masked_anywhere(string contentType, string body)
    {
        var preview = Create(body, contentType);

        Assert.Contains("***", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdefghij", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJzdWIiOiIxIn0", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_bodies_are_described_not_shown()
    {
        Assert.Equal("(4 bytes of binary content)", BodyPreview.Create([0, 1, 2, 255], "application/octet-stream", 4));
    }

    [Fact]
    public void Long_bodies_are_cut_and_say_how_long_they_were()
    {
        var preview = Create(new string('a', 10) + " " + new string('b', 5000), "text/plain");

        Assert.EndsWith("(5011 bytes in all)", preview, StringComparison.Ordinal);
        Assert.True(preview.Length < 2200);
    }

    [Fact]
    public void Empty_body_has_no_preview() => Assert.Null(BodyPreview.Create([], "application/json", 0));

    private static string Create(string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return BodyPreview.Create(bytes.AsSpan(0, Math.Min(bytes.Length, BodyPreview.MaxBytes)), contentType, bytes.Length)!;
    }
}
