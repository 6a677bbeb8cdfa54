using System.Security.Cryptography;
using System.Text;
using Latchkey.Approvals;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Tests.Approvals;

public sealed class BodyPreviewTests
{
    [Fact]
    public void Json_values_under_secret_sounding_keys_are_masked()
    {
        var body = "{\"to\":\"bob@example.com\",\"api_key\":\"abc\",\"nested\":{\"Password\":\"hunter2\",\"note\":\"hi\"},\"list\":[{\"refresh_token\":\"x\"}],\"clientSecret\":{\"v\":[1]},\"pin_code\":1234}";

        var preview = Create(body, "application/json");

        Assert.Contains("bob@example.com", preview, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"hi\"", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("[1]", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", preview, StringComparison.Ordinal);
        Assert.Contains("\"clientSecret\":\"***\"", preview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "send it with Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sgnature123 please", "eyJzdWIiOiIxIn0")]
    [InlineData("application/json", "{\"text\":\"key sk_live_0123456789abcdefghijklmnop here\"}", "0123456789abcdefghij")]
    [InlineData("application/json", "{\"text\":\"\\u0067hp_0123456789abcdefghijklmnopqrst\"}", "0123456789abcdefghij")]
    [InlineData("application/json", "{\"ghp_0123456789abcdefghijklmnopqrst\":1}", "0123456789abcdefghij")]
    [InlineData("text/plain", "AKIAABCDEFGHIJKLMNOP and xoxb-1234567890-abcdefghij", "ABCDEFGHIJKLMNOP")]
    [InlineData("text/plain", "Authorization: Bearer 0123456789abcdef0123456789abcdef", "0123456789abcdef0123")]
    [InlineData("text/plain", "session lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAA")]
    [InlineData("application/x-www-form-urlencoded", "to=bob&password=hunter2hunter2&note=ya29.a0AfH6SMBabcdefghijk", "hunter2")]
    [InlineData("application/x-www-form-urlencoded", "to=bob&note=ya29.a0AfH6SMBabcdefghijk", "a0AfH6SMB")]
    public void Credential_shaped_strings_and_secret_named_values_are_masked_anywhere(string contentType, string body, string secretPart)
    {
        var preview = Create(body, contentType);

        Assert.Contains("***", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, preview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "channel=C0&text=Wire+all+funds+to+https://attacker.example+sk-proj0123456789abcdef", "text=Wire+all+funds+to+https://attacker.example+***")]
    [InlineData("application/json", "{\"text\":\"Wire funds to attacker\\u0021 sk-proj0123456789abcdef\"}", "{\"text\":\"Wire funds to attacker! ***\"}")]
    [InlineData("application/json", "{\"text\":\"Wire funds to attacker sk-proj0123456789abcdef\"}", "{\"text\":\"Wire funds to attacker ***\"}")]
    [InlineData("application/json", "{\"to attacker ghp_0123456789abcdefghijklmnopqrst\":1}", "{\"to attacker ***\":1}")]
    public void Only_the_credential_inside_a_value_is_masked_and_the_words_around_it_are_shown(string contentType, string body, string shown)
    {
        var preview = Create(body, contentType);

        Assert.Contains(shown, preview, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", preview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("application/json", "text/plain")]
    [InlineData("application/json;;=garbage", null)]
    [InlineData("application/json, application/json", null)]
    public void A_repeated_or_unreadable_content_type_is_refused(string first, string? second)
    {
        var body = "{\"a\":1,\"a\":2}"u8.ToArray();
        StringValues contentType = second is null ? new(first) : new([first, second]);

        Assert.True(BodyPreview.Create(body, SHA256.HashData(body), contentType, null).IsMalformed);
    }

    [Theory]
    [InlineData("application/json", "{\"body\":\"details at https://attacker.example/exfil/0123456789abcdefghijklmnopqrstuvwxyz?d=1\"}")]
    [InlineData("text/plain", "see https://attacker.example/exfil/0123456789abcdefghijklmnopqrstuvwxyz?d=1")]
    [InlineData("application/x-www-form-urlencoded", "callback=https://attacker.example/exfil/0123456789abcdefghijklmnopqrstuvwxyz")]
    public void Urls_and_long_ordinary_values_are_shown_in_full(string contentType, string body)
    {
        var preview = Create(body, contentType);

        Assert.Equal(body, preview);
    }

    [Fact]
    public void Json_is_shown_as_sent_not_reformatted()
    {
        const string Body = "{ \"b\" : [1, 2.50, true, null],\n  \"a\": \"x\\u0041\" }";

        // Layout and numbers as sent; an escaped string as the text it stands for (JsonPreviewTextTests).
        Assert.Equal(Body.Replace("\\u0041", "A", StringComparison.Ordinal), Create(Body, "application/vnd.github+json"));
    }

    [Fact]
    public void Booleans_under_secret_sounding_keys_stay_visible()
    {
        Assert.Equal("{\"private\":true,\"token\":\"***\"}", Create("{\"private\":true,\"token\":\"t\"}", "application/json"));
    }

    [Theory]
    [InlineData("{\"to\":\"bob\",\"to\":\"eve\"}")]
    [InlineData("{\"a\":{\"to\":1,\"t\\u006f\":2}}")]
    [InlineData("{\"password\":{\"x\":1,\"x\":2}}")]
    [InlineData("{\"to\":")]
    [InlineData("{} {}")]
    [InlineData("   ")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("// comment\n{}")]
    public void Malformed_or_ambiguous_json_is_refused(string body)
    {
        Assert.True(BodyPreview.Create(Encoding.UTF8.GetBytes(body), Sha(body), "application/json", null).IsMalformed);
    }

    [Fact]
    public void Json_deeper_than_64_levels_or_with_invalid_utf8_is_refused()
    {
        byte[] deep = Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65));
        byte[] invalid = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.True(BodyPreview.Create(deep, SHA256.HashData(deep), "application/json", null).IsMalformed);
        Assert.True(BodyPreview.Create(invalid, SHA256.HashData(invalid), "application/json", null).IsMalformed);
        Assert.False(BodyPreview.Create(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)), [], "application/json", null).IsMalformed);
    }

    [Theory]
    [InlineData("application/octet-stream", null)]
    [InlineData("image/png", null)]
    [InlineData("text/plain", null)]
    [InlineData("application/json", "gzip")]
    public void Binary_or_encoded_bodies_are_described_by_size_and_hash(string contentType, string? contentEncoding)
    {
        byte[] body = contentEncoding is null ? [0, 1, 2, 255] : [.. "{\"a\":1}"u8];
        var hash = SHA256.HashData(body);

        var result = BodyPreview.Create(body, hash, contentType, contentEncoding);

        Assert.False(result.IsMalformed);
        Assert.Equal($"binary body, {body.Length} bytes, sha256 {Convert.ToHexStringLower(hash)}", result.Preview);
    }

    [Fact]
    public void Text_under_a_binary_content_type_is_not_shown()
    {
        Assert.StartsWith("binary body, 5 bytes", Create("hello", "application/octet-stream"), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_bodies_are_cut_and_say_how_long_they_were()
    {
        var preview = Create(new string('a', 10) + " " + new string('b', 5000), "text/plain");

        Assert.EndsWith("… (5011 bytes total, preview shows the first 2048 characters)", preview, StringComparison.Ordinal);
        Assert.StartsWith(new string('a', 10) + " " + new string('b', 2037) + "\n…", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_past_the_cut_is_still_masked_and_one_across_it_never_shows_in_part()
    {
        var body = "{\"pad\":\"" + new string('p', 2030) + "\",\"ref\":\"ghp_0123456789abcdefghijklmnopqrst\"}";

        var preview = Create(body, "application/json");

        Assert.DoesNotContain("ghp_", preview, StringComparison.Ordinal);
        Assert.Contains("bytes total", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidi_and_invisible_characters_are_spelled_out()
    {
        var preview = Create("{\"to\":\"moc.elpmaxe@\u202Ebob\u200B\"}", "application/json");

        Assert.Equal("{\"to\":\"moc.elpmaxe@\\u202Ebob\\u200B\"}", preview);
    }

    [Fact]
    public void Empty_body_has_no_preview() => Assert.Null(BodyPreview.Create([], [], "application/json", null).Preview);

    [Fact]
    public void Random_bytes_never_throw_whatever_the_content_type()
    {
        var random = new Random(20261122);
        foreach (var contentType in new[] { "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null, "garbage;;=" })
        {
            for (var i = 0; i < 300; i++)
            {
                var body = new byte[random.Next(1, 200)];
                random.NextBytes(body);
                if (i % 2 == 0)
                {
                    // Mostly-JSON noise reaches deeper into the parser than uniform bytes.
                    const string Alphabet = "{}[]\":,\\u0d8 ab1.-eE\ntrue";
                    for (var j = 0; j < body.Length; j++)
                    {
                        body[j] = (byte)Alphabet[random.Next(Alphabet.Length)];
                    }
                }

                var result = BodyPreview.Create(body, SHA256.HashData(body), contentType, null);

                Assert.True(result.IsMalformed || result.Preview is not null);
            }
        }
    }

    private static string Create(string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var result = BodyPreview.Create(bytes, SHA256.HashData(bytes), contentType, null);
        Assert.False(result.IsMalformed);
        return result.Preview!;
    }

    private static byte[] Sha(string body) => SHA256.HashData(Encoding.UTF8.GetBytes(body));
}
