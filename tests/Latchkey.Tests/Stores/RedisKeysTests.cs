using Latchkey.Stores.Redis;

namespace Latchkey.Tests.Stores;

public sealed class RedisKeysTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("alice@example.com")]
    [InlineData("a.b_c-d")]
    public void Plain_names_are_kept_readable(string name) => Assert.Equal(name, RedisKeys.Part(name));

    [Theory]
    [InlineData("a}b", "a%7Db")]
    [InlineData("{x}", "%7Bx%7D")]
    [InlineData("a:b", "a%3Ab")]
    [InlineData("a b", "a%20b")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    public void Separators_hash_tag_braces_and_non_ascii_are_escaped(string name, string expected) =>
        Assert.Equal(expected, RedisKeys.Part(name));

    [Fact]
    public void Names_that_look_alike_never_share_a_key()
    {
        string[] names = ["a:b", "a%3Ab", "a%3ab", "a}b", "a", "a:", "A:b"];
        var keys = names.Select(n => RedisKeys.Connection(n, "u", "p")).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Keys_written_together_share_one_hash_tag()
    {
        Assert.Equal(HashTag(RedisKeys.Session("acme", "s1")), HashTag(RedisKeys.TenantSessions("acme")));
        Assert.Equal(HashTag(RedisKeys.Approval("acme", "a1")), HashTag(RedisKeys.TenantApprovals("acme")));
        Assert.Equal(HashTag(RedisKeys.Connection("acme", "alice", "mail")), HashTag(RedisKeys.UserConnections("acme", "alice")));
        Assert.NotEqual(HashTag(RedisKeys.Session("acme", "s1")), HashTag(RedisKeys.Session("other", "s1")));
    }

    [Fact]
    public void A_tenant_name_with_braces_cannot_move_its_keys_into_another_tenants_slot()
    {
        Assert.Equal("t:x%7D%7Bt%3Aacme", HashTag(RedisKeys.Session("x}{t:acme", "s1")));
    }

    private static string HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = key.IndexOf('}', open + 1);
        return key[(open + 1)..close];
    }
}
