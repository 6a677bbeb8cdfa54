using Latchkey.Credentials;
using Latchkey.Providers;

namespace Latchkey.Tests.Credentials;

public sealed class SecretValueTests
{
    private const string Token = "ya29.planted-access-token";

    [Fact]
    public void A_secret_is_rendered_once_per_format_and_reused_by_every_request_it_serves()
    {
        var secret = new SecretValue(Token);

        var first = secret.RenderedFor(InjectSettings.Default);
        var again = secret.RenderedFor(InjectSettings.Default);

        Assert.Equal("Bearer " + Token, first.Reveal());
        Assert.Same(first, again);
    }

    [Fact]
    public void An_equal_format_from_a_reloaded_config_reuses_the_rendering()
    {
        var secret = new SecretValue(Token);
        var first = secret.RenderedFor(new InjectSettings("Authorization", "Bearer {token}"));

        Assert.Same(first, secret.RenderedFor(new InjectSettings("Authorization", "Bearer {token}")));
    }

    [Fact]
    public void Another_format_renders_anew()
    {
        var secret = new SecretValue(Token);
        var bearer = secret.RenderedFor(InjectSettings.Default);

        var apiKey = secret.RenderedFor(new InjectSettings("x-api-key", "{token}"));
        var basic = secret.RenderedFor(new InjectSettings("Authorization", "Basic {token_base64}"));

        Assert.Equal(Token, apiKey.Reveal());
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Token)), basic.Reveal());
        Assert.Equal("Bearer " + Token, secret.RenderedFor(InjectSettings.Default).Reveal());
        Assert.NotSame(bearer, apiKey);
    }

    [Fact]
    public void Neither_the_secret_nor_its_rendering_prints_itself()
    {
        var secret = new SecretValue(Token);
        var rendered = secret.RenderedFor(InjectSettings.Default);

        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", rendered.ToString());
        Assert.DoesNotContain(Token, $"{secret} {rendered}", StringComparison.Ordinal);
    }

    [Fact]
    public void The_bytes_of_a_part_are_encoded_once_and_match_that_part()
    {
        var rendered = new SecretValue("Bearer tök-ën.é");

        var bytes = rendered.Utf8Of(7, 8);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("tök-ën.é"), bytes);
        Assert.Same(bytes, rendered.Utf8Of(7, 8));
        Assert.Equal("Bearer"u8.ToArray(), rendered.Utf8Of(0, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => rendered.Utf8Of(10, 10));
    }
}
