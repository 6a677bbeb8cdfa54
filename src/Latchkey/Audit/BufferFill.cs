namespace Latchkey.Audit;

/// <summary>How full the durable audit buffer is against its cap.</summary>
internal enum BufferFill
{
    Normal,

    /// <summary>At 80 % of the cap or more: warned once.</summary>
    NearlyFull,

    /// <summary>At the cap: appends are refused, requests fail closed.</summary>
    Full,
}
