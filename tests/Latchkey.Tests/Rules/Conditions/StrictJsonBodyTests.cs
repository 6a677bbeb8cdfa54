using Latchkey.Rules.Conditions;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Tests.Rules.Conditions;

public sealed class StrictJsonBodyTests
{
    [Theory]
    [MemberData(nameof(HostileBodyCorpus.Unreadable), MemberType = typeof(HostileBodyCorpus))]
    public void A_body_that_could_be_read_two_ways_is_unreadable(string name, byte[] body, string contentType, string? problem)
    {
        using var inspected = StrictJsonBody.Read(body, contentType, default);

        Assert.False(inspected.IsReadable, name);
        Assert.Contains(problem!, inspected.Problem!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileBodyCorpus.Readable), MemberType = typeof(HostileBodyCorpus))]
    public void A_strict_json_body_is_readable(string name, byte[] body, string contentType)
    {
        using var inspected = StrictJsonBody.Read(body, contentType, default);

        Assert.True(inspected.IsReadable, $"{name}: {inspected.Problem}");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate, identity")]
    [InlineData("GZIP")]
    public void A_compressed_body_is_unreadable(string encoding)
    {
        using var inspected = StrictJsonBody.Read("{}"u8.ToArray(), "application/json", new StringValues(encoding));

        Assert.Contains("Content-Encoding", inspected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_encoding_is_no_encoding()
    {
        using var inspected = StrictJsonBody.Read("{}"u8.ToArray(), "application/json", new StringValues("identity"));

        Assert.True(inspected.IsReadable);
    }
}
