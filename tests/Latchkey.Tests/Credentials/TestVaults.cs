using Latchkey.Credentials;
using Latchkey.Stores;
using Latchkey.Stores.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Credentials;

/// <summary>Builds a <see cref="TokenVault"/> over a given store with an ephemeral key ring and the embedded change feed.</summary>
internal static class TestVaults
{
    public static TokenVault Create(IConnectionStore store, TimeProvider? time = null, IStoreChangeFeed? feed = null, IDataProtectionProvider? protection = null) =>
        new(store, protection ?? new EphemeralDataProtectionProvider(), feed ?? new LocalStoreChangeFeed(), time ?? TimeProvider.System, Options.Create(new StoreCacheOptions()));
}
