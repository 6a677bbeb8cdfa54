using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionTokenShapeScannerTests
{
    private static readonly string Token = SessionTokens.Generate();

    public static TheoryData<string, bool> Texts() => new()
    {
        { Token, true },
        { "Bearer " + Token, true },
        { "sid=" + Token + "; other=1", true },
        { "?key=" + Token, true },
        { "x" + Token, false },
        { "bulk_" + new string('a', 60), false },
        { "lk_short", false },
        { "lk_" + new string('a', 42), false },
        { "lk_" + new string('a', 43), true },
        { "no token here", false },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Token_shaped_runs_are_found_at_a_boundary(string text, bool expected) =>
        Assert.Equal(expected, SessionTokenShapeScanner.Appears(text, percentDecode: false));

    [Theory]
    [InlineData("?q=%6C%6B%5F{body}")]
    [InlineData("?q=%6c%6b%5f{body}")]
    [InlineData("?q=lk%5F{body}")]
    [InlineData("?q=%6Ck_{body}")]
    [InlineData("?q=lk_%41{body}")]
    public void Percent_encoded_tokens_are_found_when_decoding(string text)
    {
        var query = text.Replace("{body}", Token[3..], StringComparison.Ordinal);

        Assert.True(SessionTokenShapeScanner.Appears(query, percentDecode: true));
        Assert.False(SessionTokenShapeScanner.Appears(query.Replace("%", "%25", StringComparison.Ordinal), percentDecode: true));
    }

    [Fact]
    public void Broken_percent_sequences_are_read_literally() =>
        Assert.True(SessionTokenShapeScanner.Appears("a=%zz&b=%4&c=" + Token, percentDecode: true));

    [Fact]
    public void Scanning_a_header_without_a_token_allocates_nothing()
    {
        const string value = "application/json; charset=utf-8";

        var allocated = AllocationMeter.AllocatedBy(() => SessionTokenShapeScanner.Appears(value, percentDecode: true), 1000);

        Assert.Equal(0, allocated);
    }
}
