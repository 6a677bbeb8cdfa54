using Latchkey.Hosting;

namespace Latchkey.Tests.Hosting;

public sealed class RequestIdsTests
{
    [Fact]
    public void Ids_are_32_lower_case_hex_digits()
    {
        var id = RequestIds.Next();

        Assert.Equal(RequestIds.Length, id.Length);
        Assert.All(id, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c), $"'{c}' in {id}"));
    }

    [Fact]
    public void Ids_are_unique_under_concurrent_requests()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 20_000, _ => ids.Add(RequestIds.Next()));

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Ids_of_one_process_share_the_prefix_and_differ_in_the_sequence()
    {
        var first = RequestIds.Next();
        var second = RequestIds.Next();

        Assert.Equal(first[..16], second[..16]);
        Assert.NotEqual(first[16..], second[16..]);
    }

    [Fact]
    public void Prefix_and_sequence_are_zero_padded()
    {
        Assert.Equal("00000000000000ff" + "0000000000000001", RequestIds.Format(0xff, 1));
        Assert.Equal(new string('f', 32), RequestIds.Format(ulong.MaxValue, ulong.MaxValue));
    }
}
