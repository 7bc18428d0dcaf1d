using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Support;

public sealed record WizardPosition(int StepIndex, string? Method, bool Completed);

/// <summary>Saves where a person is in the setup wizard (so they can resume) and tells support live.</summary>
public sealed class SetupWizardProgress(IDbContextFactory<PortalDbContext> dbFactory, SetupProgressNotifier notifier, TimeProvider clock, IHostApplicationLifetime lifetime)
{
    public const string WizardFinished = SetupProgressNotifier.FinishedPrefix + "setup wizard done";
    /// <summary>Every step the wizard shows support starts with this ("Setup wizard: Verify").</summary>
    public const string Flow = "Setup wizard";

    /// <summary>The wizard opened: where to resume, and a new run on support's card (the last outcome is cleared).</summary>
    public async Task<WizardPosition> OpenAsync(string userId, CancellationToken ct = default)
    {
        var position = await GetAsync(userId, ct);
        if (position.Completed) return position;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SetupProgress.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Outcome, (string?)null).SetProperty(p => p.OutcomeAt, (DateTimeOffset?)null), ct);
        return position;
    }

    /// <summary>The wizard's page closed or was left half-way: "abandoned at Setup wizard: …" unless a factor went on since it opened.</summary>
    /// A stopped portal's circuits are disposed after its services (Blazor keeps them a while), so then it leaves the row as
    /// it is: the page reconnects to the restarted portal, where the wizard opens again.
    public async Task LeaveAsync(string userId)
    {
        if (lifetime.ApplicationStopped.IsCancellationRequested) return;
        if (!(await GetAsync(userId)).Completed) await notifier.EndAsync(userId, Flow);
    }

    public async Task<WizardPosition> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SetupProgress.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return row is null ? new WizardPosition(0, null, false) : new WizardPosition(row.StepIndex, row.Method, row.CompletedAt is not null);
    }

    /// <summary>userId is always the signed-in person's own id, taken on the server.</summary>
    public async Task SaveAsync(string userId, int stepIndex, string? method, string stepName, bool completed = false, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SetupProgress.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (row is null) db.SetupProgress.Add(row = new SetupProgress { UserId = userId });
        var finishing = completed && row.CompletedAt is null;
        row.StepIndex = stepIndex;
        row.Method = method;
        row.UpdatedAt = now;
        row.CompletedAt = completed ? now : null;
        row.CurrentStep = SetupProgressNotifier.Trim(stepName);
        row.CurrentStepAt = now;
        if (finishing) (row.Outcome, row.OutcomeAt) = (WizardFinished, now);
        await db.SaveChangesAsync(ct);
        await notifier.AnnounceAsync(userId, stepName);
        if (finishing) await notifier.AnnounceEndAsync(userId, WizardFinished);
    }
}
