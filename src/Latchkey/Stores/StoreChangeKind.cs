namespace Latchkey.Stores;

/// <summary>What a <see cref="StoreChange"/> invalidates.</summary>
internal enum StoreChangeKind
{
    SessionRevoked,
    ConnectionChanged,
}
