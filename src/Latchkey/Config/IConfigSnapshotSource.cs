using Microsoft.Extensions.Primitives;

namespace Latchkey.Config;

/// <summary>The config in force: always the last valid snapshot, with a token that fires when it is replaced.</summary>
public interface IConfigSnapshotSource
{
    ConfigSnapshot Current { get; }

    /// <summary>A token that fires on the next successful swap; fetch a new one after it fires.</summary>
    IChangeToken GetChangeToken();
}
