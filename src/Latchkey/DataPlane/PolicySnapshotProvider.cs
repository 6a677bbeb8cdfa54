using Latchkey.Config;
using Latchkey.Rules;

namespace Latchkey.DataPlane;

/// <summary>
/// Compiles the rule set once per config snapshot and hands out the pair, so the per-request
/// path never parses templates or builds tables.
/// </summary>
internal sealed class PolicySnapshotProvider
{
    private readonly IConfigSnapshotSource _source;
    private readonly Lock _compileLock = new();
    private PolicySnapshot? _current;

    public PolicySnapshotProvider(IConfigSnapshotSource source) => _source = source;

    public PolicySnapshot Current
    {
        get
        {
            var config = _source.Current;
            var current = Volatile.Read(ref _current);
            if (current is not null && ReferenceEquals(current.Config, config))
            {
                return current;
            }

            lock (_compileLock)
            {
                current = _current;
                if (current is null || !ReferenceEquals(current.Config, config))
                {
                    current = new PolicySnapshot(config, RuleSet.Compile(config.Rules));
                    Volatile.Write(ref _current, current);
                }

                return current;
            }
        }
    }
}
