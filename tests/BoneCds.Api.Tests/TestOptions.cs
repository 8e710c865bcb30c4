using Microsoft.Extensions.Options;

namespace BoneCds.Api.Tests;

/// <summary>Options that never change, for the components tested outside a host.</summary>
public sealed class TestOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
