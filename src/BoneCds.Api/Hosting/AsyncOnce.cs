namespace BoneCds.Api.Hosting;

/// <summary>
/// Runs a step (creating a database schema) once, on first use, however many callers arrive together. A step that fails is
/// tried again by the next caller: a database that was down at start-up is set up when it comes back.
/// </summary>
public sealed class AsyncOnce
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public async Task RunAsync(Func<CancellationToken, Task> step, CancellationToken ct)
    {
        if (_done) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_done) return;
            await step(ct);
            _done = true;
        }
        finally { _gate.Release(); }
    }
}
