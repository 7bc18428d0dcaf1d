using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

public enum ConsoleRole { Admin, Support }

/// <summary>Someone allowed to use a console, as the database knows them.</summary>
public sealed record ConsoleActor(string Id, ConsoleRole Role, Guid? OrganizationId);

/// <summary>
/// The one place that decides who may act on whom: an admin only on people of their own organisation,
/// support on every person who is not support staff. Services call it with the acting id on every request.
/// </summary>
public sealed class ConsoleActors(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>
    /// The actor every console service acts as. An admin of an organisation that requires two-factor authentication
    /// who has none is no actor until they set it up: the organisation's rule holds on the console too.
    /// </summary>
    public async Task<ConsoleActor?> GetAsync(string? actorId, CancellationToken ct = default) =>
        await FindRoleAsync(actorId, ct) is { } actor && !await MustSetUpTwoFactorAsync(actor, ct) ? actor : null;

    /// <summary>True for an admin whose organisation requires two-factor authentication and who has no second factor.</summary>
    public async Task<bool> MustSetUpTwoFactorAsync(ConsoleActor actor, CancellationToken ct = default)
    {
        if (actor.Role != ConsoleRole.Admin) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var required = await db.Organizations.AnyAsync(o => o.Id == actor.OrganizationId && o.RequireTwoFactor, ct);
        return required && !await db.Users.Where(u => u.Id == actor.Id).AnyAsync(SecondFactors.PersonIsEnrolled(db), ct);
    }

    /// <summary>Who holds a console role, before the organisation's 2FA rule: lets the page explain why it will not act.</summary>
    public async Task<ConsoleActor?> FindRoleAsync(string? actorId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(actorId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserClaims.Where(c => c.UserId == actorId && c.ClaimType == ConsolePolicies.RoleClaim)
            .Select(c => c.ClaimValue).ToListAsync(ct);
        if (roles.Contains(ConsolePolicies.Support)) return new ConsoleActor(actorId, ConsoleRole.Support, null);
        if (!roles.Contains(ConsolePolicies.Admin)) return null;
        var org = await db.Users.Where(u => u.Id == actorId).Select(u => u.OrganizationId).FirstOrDefaultAsync(ct);
        return org is null ? null : new ConsoleActor(actorId, ConsoleRole.Admin, org);
    }

    /// <summary>The people this actor may see, as a query to filter further.</summary>
    public static IQueryable<PortalUser> PeopleInScope(PortalDbContext db, ConsoleActor actor) => actor.Role == ConsoleRole.Admin
        ? db.Users.Where(u => u.OrganizationId == actor.OrganizationId)
        : db.Users.Where(u => !db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == ConsolePolicies.RoleClaim && c.ClaimValue == ConsolePolicies.Support));

    public async Task<bool> MayActOnAsync(ConsoleActor actor, string subjectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PeopleInScope(db, actor).AnyAsync(u => u.Id == subjectId, ct);
    }

    /// <summary>Resolves the actor and checks the subject in one go; null when either check fails.</summary>
    public async Task<ConsoleActor?> AuthorizeAsync(string? actorId, string subjectId, CancellationToken ct = default)
    {
        var actor = await GetAsync(actorId, ct);
        return actor is not null && await MayActOnAsync(actor, subjectId, ct) ? actor : null;
    }
}
