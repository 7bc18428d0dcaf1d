using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
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

    /// <summary>What turning a factor on is called on the card, by the audit event its change wrote.</summary>
    private static readonly Dictionary<string, string> Finishes = new()
    {
        [AuditEventTypes.AuthenticatorEnabled] = "Authenticator App on",
        [AuditEventTypes.AuthenticatorReplaced] = "Authenticator App replaced",
        [AuditEventTypes.PhonePending] = "Two Factor Authentication on (phone to verify at the next log in)",
        [AuditEventTypes.PhoneChanged] = "phone number changed (to verify at the next log in)",
        [AuditEventTypes.PhoneVerified] = "phone verified",
        [AuditEventTypes.PasskeyAdded] = "passkey added",
    };

    /// <summary>
    /// A setup dialog closed (by Done, Cancel, Escape or the tab closing): finished when a factor was turned on since it
    /// opened (read from the audit log, so a dialog cannot claim it), otherwise abandoned at the last step it showed.
    /// Saved on the person's row and announced, so support's card says which and refreshes.
    /// </summary>
    public async Task<string> EndAsync(string userId, string flow, DateTimeOffset openedAt)
    {
        var outcome = $"abandoned {flow}";
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var types = Finishes.Keys.ToList();
            var done = await db.AuditEvents.AsNoTracking()
                .Where(e => e.UserId == userId && e.At >= openedAt && types.Contains(e.Type))
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Type).FirstOrDefaultAsync();
            var lastStep = await db.SetupProgress.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.CurrentStep).FirstOrDefaultAsync();
            outcome = Trim(done is not null ? $"finished: {Finishes[done]}" : $"abandoned at {lastStep ?? flow}");
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

    private static Task<int> SetStepAsync(PortalDbContext db, string userId, string step, DateTimeOffset now) =>
        db.SetupProgress.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CurrentStep, step).SetProperty(p => p.CurrentStepAt, now));
}
