using Microsoft.Extensions.Options;

namespace Latchkey.Tests.DataPlane;

/// <summary>An options monitor that always answers one value, for constructing steps without a host.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
