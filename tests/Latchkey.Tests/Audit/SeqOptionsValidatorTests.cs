using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

public sealed class SeqOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://localhost:5341")]
    [InlineData("https://seq.example.com/prefix/")]
    public void Empty_or_absolute_http_urls_are_valid(string? url)
    {
        Assert.True(new SeqOptionsValidator().Validate(null, new SeqOptions { ServerUrl = url }).Succeeded);
    }

    [Theory]
    [InlineData("localhost:5341")]
    [InlineData("/relative")]
    [InlineData("ftp://seq.example.com")]
    [InlineData("http://seq.example.com/?a=b")]
    public void Other_server_urls_are_refused_naming_the_key(string url)
    {
        var result = new SeqOptionsValidator().Validate(null, new SeqOptions { ServerUrl = url });

        Assert.Contains("Latchkey:Seq:ServerUrl", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_key_is_named_at_once()
    {
        var options = new SeqOptions
        {
            ApiKey = "a\r\nX-Injected: 1",
            BatchMaxEvents = 0,
            BatchMaxBytes = 10,
            MaxBackoff = TimeSpan.Zero,
        };

        var failures = new SeqOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(4, failures.Length);
        Assert.All(failures, f => Assert.StartsWith("Latchkey:Seq:", f, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("X-Injected", StringComparison.Ordinal));
    }

    [Fact]
    public void Ingest_uri_is_under_the_server_url()
    {
        Assert.Equal(new Uri("http://seq:5341/ingest/clef"), new SeqOptions { ServerUrl = "http://seq:5341" }.IngestUri);
        Assert.Equal(new Uri("http://seq/x/ingest/clef"), new SeqOptions { ServerUrl = "http://seq/x/" }.IngestUri);
    }
}
