using System.Net;
using Latchkey.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Telemetry;

/// <summary>Who gets <c>/metrics</c>: a direct loopback caller only; everyone else falls through to the reserved segment's 404.</summary>
public sealed class PrometheusScrapeTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void A_direct_loopback_caller_is_answered(string remote) =>
        Assert.True(TelemetryApplicationBuilderExtensions.IsLoopbackScrape(Scrape(remote)));

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.7")]
    [InlineData(null)]
    public void A_caller_that_is_not_loopback_is_not_answered(string? remote) =>
        Assert.False(TelemetryApplicationBuilderExtensions.IsLoopbackScrape(Scrape(remote)));

    [Theory]
    [InlineData("Forwarded", "for=10.0.0.7")]
    [InlineData("X-Forwarded-For", "10.0.0.7")]
    [InlineData("X-Forwarded-Host", "latchkey.example")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("X-Real-IP", "10.0.0.7")]
    [InlineData("Via", "1.1 envoy")]
    public void A_loopback_caller_that_relays_for_someone_else_is_not_answered(string header, string value)
    {
        var context = Scrape("127.0.0.1");
        context.Request.Headers[header] = value;

        Assert.False(TelemetryApplicationBuilderExtensions.IsLoopbackScrape(context));
    }

    [Fact]
    public void Another_path_is_not_the_scrape() =>
        Assert.False(TelemetryApplicationBuilderExtensions.IsLoopbackScrape(Scrape("127.0.0.1", "/metrics/x")));

    private static DefaultHttpContext Scrape(string? remote, string path = PrometheusScrapeOptions.Path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        return context;
    }
}
