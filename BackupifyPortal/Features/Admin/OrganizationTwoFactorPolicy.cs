using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <param name="NeedsFreshProof">The change was refused: turning the requirement off needs the admin's fresh proof.</param>
public sealed record TwoFactorPolicy(string OrganizationName, bool Required, int GraceDays, DateTimeOffset? Since, bool NeedsFreshProof = false)
{
    public DateTimeOffset? GraceEndsAt => Required && Since is { } since ? since.AddDays(GraceDays) : null;
}

/// <summary>The organisation's "Require two-factor authentication" switch; every change is audited.</summary>
public sealed class OrganizationTwoFactorPolicy(IDbContextFactory<PortalDbContext> dbFactory, ConsoleActors actors, IAuditLog audit, TimeProvider clock, FreshProof fresh, Operations.CurrentClient client)
{
    public const int MaxGraceDays = 90;

    public async Task<TwoFactorPolicy?> GetAsync(string actorId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == actor.OrganizationId, ct);
        return new TwoFactorPolicy(org.Name, org.RequireTwoFactor, org.TwoFactorGraceDays, org.RequireTwoFactorSince);
    }

    /// <param name="actorSessionId">The admin's own session: turning the requirement off needs its fresh proof.</param>
    public async Task<TwoFactorPolicy?> SetAsync(string actorId, string? actorSessionId, bool required, int graceDays, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return null;
        graceDays = Math.Clamp(graceDays, 0, MaxGraceDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var org = await db.Organizations.FirstAsync(o => o.Id == actor.OrganizationId, ct);
        var before = Describe(org.RequireTwoFactor, org.TwoFactorGraceDays);
        // Switching the requirement off weakens every account of the organisation: a stolen admin session alone must not do it.
        if (org.RequireTwoFactor && !required && !await fresh.IsFreshAsync(actor.Id, actorSessionId, ct))
            return new TwoFactorPolicy(org.Name, org.RequireTwoFactor, org.TwoFactorGraceDays, org.RequireTwoFactorSince, NeedsFreshProof: true);
        // The grace period counts from the moment the requirement was switched on, not from each edit.
        if (required && !org.RequireTwoFactor) org.RequireTwoFactorSince = clock.GetUtcNow();
        if (!required) org.RequireTwoFactorSince = null;
        org.RequireTwoFactor = required;
        org.TwoFactorGraceDays = graceDays;
        await db.SaveChangesAsync(ct);
        var after = Describe(required, graceDays);
        if (before != after)
            await audit.WriteAsync(AuditEventTypes.PolicyChanged, actor.Id, $"{org.Name}: {before} -> {after}", actor.Id, client.Address, ct);
        return new TwoFactorPolicy(org.Name, org.RequireTwoFactor, org.TwoFactorGraceDays, org.RequireTwoFactorSince);
    }

    private static string Describe(bool required, int graceDays) => required ? $"required, grace {graceDays} days" : "not required";
}
