using BackupifyPortal.Data;
using BackupifyPortal.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Support;

/// <summary>A customer's setup wizard or setup dialog showed a step (never a key, code or number in it).</summary>
public sealed record SetupStepShown(string UserId, string Step) : IPortalEvent;

/// <summary>
/// Support's live view of a customer's setup step, on every instance: the step is saved on the person's
/// <see cref="SetupProgress"/> row (so a look-up anywhere shows the last one for an hour) and announced through
/// <see cref="IPortalEvents"/>. It is a display hint: a failure is logged, never shown to the customer.
/// </summary>
public sealed class SetupProgressNotifier(
    IDbContextFactory<PortalDbContext> dbFactory,
    IPortalEvents events,
    TimeProvider clock,
    ILogger<SetupProgressNotifier> logger)
{
    public const int MaxStepLength = 200;
    public static readonly TimeSpan KeepLastStep = TimeSpan.FromHours(1);

    public async Task PublishAsync(string userId, string step)
    {
        step = Trim(step);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var now = clock.GetUtcNow();
            if (await SetStepAsync(db, userId, step, now) == 0)
            {
                db.SetupProgress.Add(new SetupProgress { UserId = userId, UpdatedAt = now, CurrentStep = step, CurrentStepAt = now });
                try { await db.SaveChangesAsync(); }
                catch (DbUpdateException) { await SetStepAsync(db, userId, step, now); } // another tab inserted the row first
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The setup step of {UserId} could not be saved", userId);
        }
        await AnnounceAsync(userId, step);
    }

    /// <summary>For a caller that saved the step on the row itself (the wizard): only tells the live consoles.</summary>
    public async Task AnnounceAsync(string userId, string step)
    {
        try
        {
            await events.PublishAsync(new SetupStepShown(userId, Trim(step)));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The setup step of {UserId} could not be announced", userId);
        }
    }

    public async Task<string?> LastStepAsync(string userId, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow() - KeepLastStep;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SetupProgress.AsNoTracking()
            .Where(p => p.UserId == userId && p.CurrentStepAt > since)
            .Select(p => p.CurrentStep).FirstOrDefaultAsync(ct);
    }

    public IDisposable Subscribe(string userId, Func<string, Task> onStep) =>
        events.Subscribe<SetupStepShown>(userId, e => onStep(e.Step));

    public static string Trim(string step) => step.Length <= MaxStepLength ? step : step[..MaxStepLength];

    private static Task<int> SetStepAsync(PortalDbContext db, string userId, string step, DateTimeOffset now) =>
        db.SetupProgress.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CurrentStep, step).SetProperty(p => p.CurrentStepAt, now));
}
