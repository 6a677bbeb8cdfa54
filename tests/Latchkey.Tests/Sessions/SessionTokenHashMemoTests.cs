using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionTokenHashMemoTests
{
    [Fact]
    public void A_remembered_header_value_gives_back_its_hash()
    {
        var value = "Bearer " + SessionTokens.Generate();

        SessionTokenHashMemo.Remember(value, "hash-of-value");

        Assert.True(SessionTokenHashMemo.TryGet(value, out var hash));
        Assert.Equal("hash-of-value", hash);
    }

    [Fact]
    public void An_equal_value_in_another_string_object_is_not_taken_for_it()
    {
        // Identity, not content: the memo never compares secrets, it only recognises the very
        // string Kestrel handed out before.
        var token = SessionTokens.Generate();
        var remembered = "Bearer " + token;
        var lookalike = string.Concat("Bearer ", token);
        SessionTokenHashMemo.Remember(remembered, "hash");

        Assert.Equal(remembered, lookalike);
        Assert.False(SessionTokenHashMemo.TryGet(lookalike, out _));
    }
}
