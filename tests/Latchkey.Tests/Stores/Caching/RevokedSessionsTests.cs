using Latchkey.Stores.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Caching;

[Collection(HeapMeasurementGroup.Name)]
public sealed class RevokedSessionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Revocation_is_scoped_to_its_tenant()
    {
        var revoked = Create(10);
        revoked.Add("acme", "ses_1", _time.GetUtcNow().AddHours(1));

        Assert.True(revoked.Contains("acme", "ses_1"));
        Assert.False(revoked.Contains("other", "ses_1"));
        Assert.False(revoked.Contains("acme", "ses_2"));
    }

    [Fact]
    public void Session_already_expired_is_not_remembered()
    {
        var revoked = Create(10);
        revoked.Add("acme", "ses_1", _time.GetUtcNow());

        Assert.False(revoked.Contains("acme", "ses_1"));
    }

    [Fact]
    public void Full_set_forgets_the_revocation_that_would_expire_soonest()
    {
        var revoked = Create(3);
        revoked.Add("acme", "ses_late", _time.GetUtcNow().AddHours(3));
        revoked.Add("acme", "ses_soon", _time.GetUtcNow().AddMinutes(5));
        revoked.Add("acme", "ses_mid", _time.GetUtcNow().AddHours(2));

        revoked.Add("acme", "ses_new", _time.GetUtcNow().AddHours(1));

        Assert.False(revoked.Contains("acme", "ses_soon"));
        Assert.True(revoked.Contains("acme", "ses_late"));
        Assert.True(revoked.Contains("acme", "ses_mid"));
        Assert.True(revoked.Contains("acme", "ses_new"));
    }

    [Fact]
    public void Full_set_forgets_a_new_revocation_that_would_expire_sooner_than_every_one_held()
    {
        var revoked = Create(2);
        revoked.Add("acme", "ses_late", _time.GetUtcNow().AddHours(3));
        revoked.Add("acme", "ses_mid", _time.GetUtcNow().AddHours(2));

        revoked.Add("acme", "ses_new_soon", _time.GetUtcNow().AddMinutes(5));

        Assert.Equal(
            (true, true, false),
            (revoked.Contains("acme", "ses_late"), revoked.Contains("acme", "ses_mid"), revoked.Contains("acme", "ses_new_soon")));
    }

    [Fact]
    public void Full_set_first_makes_room_by_dropping_what_has_expired()
    {
        var revoked = Create(2);
        revoked.Add("acme", "ses_short", _time.GetUtcNow().AddMinutes(1));
        revoked.Add("acme", "ses_long", _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromMinutes(2));

        revoked.Add("acme", "ses_new", _time.GetUtcNow().AddHours(1));

        Assert.True(revoked.Contains("acme", "ses_long"));
        Assert.True(revoked.Contains("acme", "ses_new"));
        Assert.Equal(2, revoked.Sweep());
    }

    [Fact]
    public void Checking_a_session_allocates_nothing()
    {
        var revoked = Create(1000);
        for (var i = 0; i < 100; i++)
        {
            revoked.Add("acme", "ses_" + i, _time.GetUtcNow().AddHours(1));
        }

        Assert.Equal(0, AllocationMeter.AllocatedBy(() => revoked.Contains("acme", "ses_live"), 1_000));
        Assert.Equal(0, AllocationMeter.AllocatedBy(() => revoked.Contains("acme", "ses_7"), 1_000));
    }

    [Fact]
    public void Each_remembered_revocation_costs_under_200_bytes()
    {
        const int Count = 20_000;

        // Ids as they arrive in pub/sub messages: one fresh string each, the tenant shared.
        var ids = Enumerable.Range(0, Count).Select(i => "ses_" + Guid.NewGuid().ToString("N")[..22]).ToArray();
        var idBytes = GC.GetTotalMemory(forceFullCollection: true);
        var revoked = Create(Count);
        foreach (var id in ids)
        {
            revoked.Add("acme", id, _time.GetUtcNow().AddHours(1));
        }

        var perEntry = (GC.GetTotalMemory(forceFullCollection: true) - idBytes) / Count;
        GC.KeepAlive(revoked);

        // operations.md says about 160 bytes: ~80 for the entry (measured) plus the id string (~76).
        Assert.True(perEntry + 70 < 200, $"{perEntry} bytes per entry, without the id");
    }

    private RevokedSessions Create(int capacity) => new(_time, capacity, NullLogger.Instance);
}
