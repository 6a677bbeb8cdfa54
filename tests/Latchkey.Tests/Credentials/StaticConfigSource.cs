using Latchkey.Config;
using Latchkey.Providers;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Tests.Credentials;

/// <summary>A config source that never changes, for credential tests.</summary>
internal sealed class StaticConfigSource : IConfigSnapshotSource
{
    public StaticConfigSource(params ProviderDefinition[] providers) =>
        Current = new ConfigSnapshot { Providers = providers.ToDictionary(p => p.Name), Rules = [], Version = "test" };

    public ConfigSnapshot Current { get; }

    public IChangeToken GetChangeToken() => NullChangeToken.Singleton;
}
