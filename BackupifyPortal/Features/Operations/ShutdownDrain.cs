using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// Runs before any hosted service stops (Kestrel included): for <see cref="ShutdownOptions.DrainDelay"/> the instance still
/// serves while /readyz says it is stopping; then Kestrel stops accepting and waits for requests in flight.
/// </summary>
public sealed class ShutdownDrain(IOptions<ShutdownOptions> options, TimeProvider clock) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource draining = new();

    /// <summary>Cancelled as the drain begins, so readiness says "stopping" for the whole drain, whatever order the host signals in.</summary>
    public CancellationToken Draining => draining.Token;

    public Task StoppingAsync(CancellationToken ct)
    {
        draining.Cancel();
        return options.Value.DrainDelay > TimeSpan.Zero ? Task.Delay(options.Value.DrainDelay, clock, ct) : Task.CompletedTask;
    }

    public void Dispose() => draining.Dispose();

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
