using BackupifyPortal.Data;
using BackupifyPortal.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Support;

/// <summary>A customer's setup wizard or setup dialog showed a step (never a key, code or number in it).</summary>
public sealed record SetupStepShown(string UserId, string Step) : IPortalEvent;

/// <summary>A customer's setup dialog or wizard ended: "finished: Authenticator App on" or "abandoned at …".</summary>
public sealed record SetupEnded(string UserId, string Outcome) : IPortalEvent;

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

    public Task PublishAsync(string userId, string step) => ShowStepAsync(userId, step, begins: false);

    /// <summary>
    /// A setup dialog opened and shows its first step: the last outcome is cleared, so only a factor turned on from now
    /// (told by <see cref="FinishedAsync"/>) makes this run "finished" when it ends.
    /// </summary>
    public Task BeginAsync(string userId, string step) => ShowStepAsync(userId, step, begins: true);

    private async Task ShowStepAsync(string userId, string step, bool begins)
    {
        step = Trim(step);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var now = clock.GetUtcNow();
            if (await SetStepAsync(db, userId, step, now, begins) == 0)
            {
                db.SetupProgress.Add(new SetupProgress { UserId = userId, UpdatedAt = now, CurrentStep = step, CurrentStepAt = now });
                try { await db.SaveChangesAsync(); }
                catch (DbUpdateException) { await SetStepAsync(db, userId, step, now, begins); } // another tab inserted the row first
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

    public const string FinishedPrefix = "finished: ";

    /// <summary>
    /// Told by <see cref="TwoFactor.FactorChanges"/> after a change that turned a factor on has committed: the card says
    /// "finished: …" at once, whichever screen made the change. A display hint: a failure is logged, never thrown.
    /// </summary>
    public async Task FinishedAsync(string userId, string whatTurnedOn)
    {
        var outcome = Trim(FinishedPrefix + whatTurnedOn);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await SaveOutcomeAsync(db, userId, outcome);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The end of setup of {UserId} could not be saved", userId);
        }
        await AnnounceEndAsync(userId, outcome);
    }

    /// <summary>
    /// A setup dialog or the wizard closed (Done, Cancel, Escape, leaving the page or the tab closing). Finished when a
    /// factor change told <see cref="FinishedAsync"/> since the run began (never read from the audit log, nor claimed by
    /// the dialog); abandoned at the last step it showed while that step is still this flow's; otherwise a newer run
    /// owns the card and nothing is changed. Returns the outcome the card shows.
    /// </summary>
    public async Task<string> EndAsync(string userId, string flow)
    {
        var outcome = $"abandoned at {flow}";
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var row = await db.SetupProgress.AsNoTracking().Where(p => p.UserId == userId)
                .Select(p => new { p.Outcome, p.CurrentStep }).FirstOrDefaultAsync();
            var told = row?.Outcome is { } o && o.StartsWith(FinishedPrefix, StringComparison.Ordinal) ? o : null;
            var stillThisFlow = row is null || row.CurrentStep?.StartsWith(flow, StringComparison.Ordinal) == true;
            if (!stillThisFlow) return told ?? row!.Outcome ?? "";
            outcome = told ?? Trim($"abandoned at {row?.CurrentStep ?? flow}");
            await SaveOutcomeAsync(db, userId, outcome);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The end of setup of {UserId} could not be saved", userId);
        }
        await AnnounceEndAsync(userId, outcome);
        return outcome;
    }

    internal async Task SaveOutcomeAsync(PortalDbContext db, string userId, string outcome)
    {
        var now = clock.GetUtcNow();
        var saved = await db.SetupProgress.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Outcome, outcome).SetProperty(p => p.OutcomeAt, now)
            .SetProperty(p => p.CurrentStep, (string?)null).SetProperty(p => p.CurrentStepAt, (DateTimeOffset?)null));
        if (saved > 0) return;
        db.SetupProgress.Add(new SetupProgress { UserId = userId, UpdatedAt = now, Outcome = outcome, OutcomeAt = now });
        await db.SaveChangesAsync();
    }

    internal async Task AnnounceEndAsync(string userId, string outcome)
    {
        try { await events.PublishAsync(new SetupEnded(userId, outcome)); }
        catch (Exception ex) { logger.LogWarning(ex, "The end of setup of {UserId} could not be announced", userId); }
    }

    /// <summary>The last setup's outcome and when, kept like the last step (a display hint for one hour).</summary>
    public async Task<(string Outcome, DateTimeOffset At)?> LastOutcomeAsync(string userId, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow() - KeepLastStep;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SetupProgress.AsNoTracking().Where(p => p.UserId == userId && p.OutcomeAt > since)
            .Select(p => new { p.Outcome, p.OutcomeAt }).FirstOrDefaultAsync(ct);
        return row is { Outcome: { } o, OutcomeAt: { } at } ? (o, at) : null;
    }

    public IDisposable Subscribe(string userId, Func<string, Task> onStep) =>
        events.Subscribe<SetupStepShown>(userId, e => onStep(e.Step));

    public static string Trim(string step) => step.Length <= MaxStepLength ? step : step[..MaxStepLength];

    private static Task<int> SetStepAsync(PortalDbContext db, string userId, string step, DateTimeOffset now, bool begins) => begins
        ? db.SetupProgress.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.CurrentStep, step).SetProperty(p => p.CurrentStepAt, now)
            .SetProperty(p => p.Outcome, (string?)null).SetProperty(p => p.OutcomeAt, (DateTimeOffset?)null))
        : db.SetupProgress.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CurrentStep, step).SetProperty(p => p.CurrentStepAt, now));
}
