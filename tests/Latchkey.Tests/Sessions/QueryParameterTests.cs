using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class QueryParameterTests
{
    [Theory]
    [InlineData("?key=T", "")]
    [InlineData("?key=T&x=%2F", "?x=%2F")]
    [InlineData("?x=1&key=T", "?x=1")]
    [InlineData("?a=%2e%41&key=T&b=c+d", "?a=%2e%41&b=c+d")]
    [InlineData("?a=1&&key=T&&b", "?a=1&&&b")]
    [InlineData("?key", "")]
    public void Removing_a_parameter_keeps_every_other_byte(string query, string expected)
    {
        Assert.Equal(1, QueryParameter.Find(query, "key", out var range));

        Assert.Equal(expected, QueryParameter.Remove(query, range));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("?", 0)]
    [InlineData("?keys=1&Key=2&xkey=3", 0)]
    [InlineData("?key=1&key=2", 2)]
    public void Only_the_exact_name_counts(string query, int expected) =>
        Assert.Equal(expected, QueryParameter.Find(query, "key", out _));

    [Fact]
    public void The_value_is_percent_decoded()
    {
        QueryParameter.Find("?a=1&key=%6Ck_x", "key", out var range);

        Assert.Equal("lk_x", QueryParameter.ValueAt("?a=1&key=%6Ck_x", range));
    }
}
