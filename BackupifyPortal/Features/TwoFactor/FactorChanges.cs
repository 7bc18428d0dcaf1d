using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.SignIn;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>One change to a person's second factors: its audit event, the sentence mailed to them (null: the caller mails its own notice), and the new 2FA flag (null keeps it).</summary>
/// <param name="ActorUserId">Who made the change when it was not the person (an admin or support); null for the person.</param>
/// <param name="RotatesStamp">False only for a change the server checks row by row (forgetting a trusted browser): the person's other sessions stay.</param>
public sealed record FactorChange(string UserId, string AuditType, string? AuditDetail, string? Notice, bool? TwoFactorEnabled, string? ActorUserId = null,
    bool RotatesStamp = true);

/// <summary>
/// The tail every factor change shares, whichever screen started it (settings, setup wizard, sign-in, console):
/// inside the change's own transaction one stamp rotation and one typed audit event; after the commit the live
/// circuits are told and the person gets exactly one notice email.
/// </summary>
public sealed class FactorChanges(IAuditLog audit, SecurityNotices notices, SecurityStamps stamps, Support.SetupProgressNotifier setup,
    Operations.CurrentClient client, ILogger<FactorChanges> logger)
{
    /// <summary>Stages the rotation and the audit row in <paramref name="db"/>'s open transaction; the caller saves and commits.</summary>
    public async Task<AuditEvent> StageAsync(PortalDbContext db, FactorChange change, CancellationToken ct)
    {
        if (change.RotatesStamp) await stamps.RotateAsync(db, change.UserId, ct, change.TwoFactorEnabled);
        // Two-factor turned off: a browser trusted before must not skip a second factor set up again later.
        if (change.TwoFactorEnabled == false) await TrustedBrowsers.RememberedBrowsers.StageForgetAllAsync(db, change.UserId, ct);
        var recorded = audit.Stage(db, change.AuditType, change.UserId, change.AuditDetail, client.Address);
        if (change.ActorUserId is { } actor) recorded.ActorUserId = actor;
        return recorded;
    }

    /// <summary>After the commit: the log line, the live circuits re-check their session, support's card hears a factor turned on, and the notice email.</summary>
    public async Task AnnounceAsync(PortalDbContext db, AuditEvent recorded, FactorChange change, CancellationToken ct)
    {
        audit.Announce(recorded);
        if (change.RotatesStamp) await stamps.AnnounceAsync(change.UserId);
        if (FactorsTurnedOn.Describe(change.AuditType) is { } turnedOn) await setup.FinishedAsync(change.UserId, turnedOn);
        if (change.Notice is null) return;
        var email = await db.Users.Where(u => u.Id == change.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (email is null) return;
        try
        {
            await notices.TwoFactorChangedAsync(email, change.Notice, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change has committed; a mail server hiccup must not report it as failed.
            logger.LogError(ex, "Two-factor change notice could not be sent for {UserId}", change.UserId);
        }
    }
}
