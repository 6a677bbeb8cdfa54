using Latchkey.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Forwarding;

public sealed class RawQueryUriTests
{
    [Theory]
    [InlineData("?x=%2e%2e%41")]
    [InlineData("?q=%7e%41b+c&r=%2F%3a")]
    [InlineData("?a=1&&b=%5B%5d")]
    public void Query_is_kept_byte_for_byte(string query)
    {
        var uri = RawQueryUri.Create("https://api.example", new PathString("/v1/items"), query);

        Assert.Equal("/v1/items" + query, uri.PathAndQuery);
        Assert.Equal(query, uri.Query);
    }

    [Fact]
    public void Path_is_spelled_as_YARP_spells_it_and_the_base_path_kept()
    {
        var uri = RawQueryUri.Create("https://api.example/base/", new PathString("/a b/café"), "?x=1");

        Assert.Equal("https://api.example/base/a%20b/caf%C3%A9?x=1", uri.AbsoluteUri);
    }
}
