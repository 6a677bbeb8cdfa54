using Latchkey.Config;
using Latchkey.Rules;

namespace Latchkey.DataPlane;

/// <summary>A config snapshot with its compiled rule set: what one request is judged by.</summary>
public sealed record PolicySnapshot(ConfigSnapshot Config, RuleSet Rules);
