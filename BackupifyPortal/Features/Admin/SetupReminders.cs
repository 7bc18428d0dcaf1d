using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <summary>What one "send to everyone not enrolled" did; <see cref="Text"/> is the sentence shown beside the button.</summary>
public sealed record ReminderRun(bool Allowed, int Sent, int SkippedRecently, int SkippedAddressLimit, TimeSpan AddressWait)
{
    public static readonly ReminderRun Refused = new(false, 0, 0, 0, TimeSpan.Zero);

    public int Skipped => SkippedRecently + SkippedAddressLimit;

    public string Text => !Allowed ? "You cannot send setup links to your organisation."
        : $"Setup links sent: {Sent}. Skipped: {Skipped}."
          + (SkippedRecently > 0 ? $" {SkippedRecently} already had the most setup links allowed in the last hour." : "")
          + (SkippedAddressLimit > 0 ? $" {SkippedAddressLimit} were not sent: the hourly limit of setup links from your address was reached; you can send more in {WaitText.Format(AddressWait)}." : "");
}

/// <summary>
/// The admin console's "Send setup link to everyone not enrolled": one reminder to each person of the admin's own
/// organisation without a second factor, each within the send limits (Limits:Send, through <see cref="SetupLinks"/>).
/// Once the requester's address reaches its limit the rest are skipped without trying, so a large organisation
/// does not write a refused-send audit row per person.
/// </summary>
public sealed class SetupReminders(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConsoleActors actors,
    FreshProof fresh,
    SetupLinks links,
    IAuditLog audit,
    Operations.CurrentClient client)
{
    public async Task<ReminderRun> SendToEveryoneNotEnrolledAsync(string actorId, string? actorSessionId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin } || !await fresh.IsFreshAsync(actor.Id, actorSessionId, ct)) return ReminderRun.Refused;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enrolled = db.Users.Where(SecondFactors.PersonIsEnrolled(db)).Select(u => u.Id);
        var people = await ConsoleActors.PeopleInScope(db, actor).Where(u => !enrolled.Contains(u.Id) && u.Email != null)
            .OrderBy(u => u.Email).Select(u => new { u.Id, Email = u.Email! }).ToListAsync(ct);
        var run = new ReminderRun(true, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < people.Count; i++)
        {
            var permit = await links.SendWithinLimitsAsync(people[i].Id, people[i].Email, actor.Id, "reminder to everyone not enrolled", ct);
            if (permit.Allowed) run = run with { Sent = run.Sent + 1 };
            else if (!permit.ForAddress) run = run with { SkippedRecently = run.SkippedRecently + 1 };
            else
            {
                run = run with { SkippedAddressLimit = people.Count - i, AddressWait = permit.Wait };
                break;
            }
        }
        await audit.WriteAsync(AuditEventTypes.SetupLinksSentToAllNotEnrolled, actor.Id, $"sent {run.Sent}, skipped {run.Skipped}", actor.Id, client.Address, ct);
        return run;
    }
}
