using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionValueInternerTests
{
    [Fact]
    public void Equal_strings_become_one_instance()
    {
        var interner = new SessionValueInterner();

        var first = interner.Intern(new string("acme".AsSpan()));
        var second = interner.Intern(new string("acme".AsSpan()));

        Assert.Same(first, second);
    }

    [Fact]
    public void Same_scopes_in_any_order_share_one_set_and_keep_their_meaning()
    {
        var interner = new SessionValueInterner();

        var first = interner.ScopeSet(["tickets.read", "email.send"]);
        var second = interner.ScopeSet(["email.send", "tickets.read", "email.send"]);

        Assert.Same(first, second);
        Assert.True(first.SetEquals(["email.send", "tickets.read"]));
        Assert.DoesNotContain("Email.Send", (IReadOnlySet<string>)first);
    }

    [Fact]
    public void Different_scope_lists_never_share_a_set()
    {
        var interner = new SessionValueInterner();

        Assert.NotSame(interner.ScopeSet(["a"]), interner.ScopeSet(["a", "b"]));
        Assert.Empty(interner.ScopeSet([]));
    }

    [Fact]
    public void Past_the_bound_values_are_returned_unshared_and_still_correct()
    {
        var interner = new SessionValueInterner();
        for (var i = 0; i < SessionValueInterner.MaxEntries; i++)
        {
            interner.Intern("tenant-" + i);
        }

        var late = new string("late-tenant".AsSpan());

        Assert.Same(late, interner.Intern(late));
        Assert.Equal("tenant-7", interner.Intern(new string("tenant-7".AsSpan())));
    }
}
