namespace Latchkey.Stores;

/// <summary>
/// Thrown by a store when its backing service cannot be reached. Callers fail closed: the data
/// plane answers 503 <c>store_unavailable</c> rather than guess.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
