using System.Text.RegularExpressions;
using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionTokensTests
{
    private static readonly Regex TokenShape = new("^lk_[A-Za-z0-9_-]{43}$", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly Regex IdShape = new("^ses_[A-Za-z0-9_-]{22}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void Generated_token_is_prefix_plus_43_base64url_chars()
    {
        var token = SessionTokens.Generate();

        Assert.Matches(TokenShape, token);
        Assert.True(SessionTokens.IsWellFormed(token));
    }

    [Fact]
    public void Generated_tokens_do_not_repeat()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => SessionTokens.Generate()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(2000, tokens.Count);
    }

    [Fact]
    public void Generated_tokens_use_the_whole_base64url_alphabet()
    {
        // 2000 tokens * 43 chars: every one of the 64 symbols should appear if the bytes are random.
        var seen = Enumerable.Range(0, 2000).SelectMany(_ => SessionTokens.Generate()[3..]).ToHashSet();

        Assert.Equal(64, seen.Count);
    }

    [Theory]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("LK_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé", false)]
    [InlineData("lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", false)]
    [InlineData("", false)]
    [InlineData("lk_", false)]
    public void Well_formedness_is_checked_exactly(string token, bool expected)
    {
        Assert.Equal(expected, SessionTokens.IsWellFormed(token));
    }

    [Fact]
    public void Overlong_token_is_not_well_formed()
    {
        Assert.False(SessionTokens.IsWellFormed("lk_" + new string('A', SessionTokens.MaximumLength)));
    }

    [Fact]
    public void Hash_is_deterministic_sha256_and_never_the_token()
    {
        var token = SessionTokens.Generate();

        var hash = SessionTokens.Hash(token);

        Assert.Equal(hash, SessionTokens.Hash(token));
        Assert.Equal(43, hash.Length);
        Assert.DoesNotContain(token[3..], hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, SessionTokens.Hash(SessionTokens.Generate()));
    }

    [Fact]
    public void Session_ids_are_random_and_unrelated_to_tokens()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => SessionIds.Generate()).ToList();

        Assert.All(ids, id => Assert.Matches(IdShape, id));
        Assert.Equal(500, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
