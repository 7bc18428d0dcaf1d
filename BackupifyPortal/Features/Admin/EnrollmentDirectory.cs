using System.Linq.Expressions;
using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <summary>The admin console's table: the admin's own organisation only, paged and filtered in the database.</summary>
public sealed class EnrollmentDirectory(IDbContextFactory<PortalDbContext> dbFactory, ConsoleActors actors)
{
    public async Task<EnrollmentPage> ListAsync(string actorId, EnrollmentQuery query, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return new EnrollmentPage([], 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = ConsoleActors.PeopleInScope(db, actor);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            people = people.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        if (query.State is { } state) people = people.Where(InState(state));
        var total = await people.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var rows = await people.OrderBy(u => u.Email)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                Phone = u.TwoFactor == null ? PhoneState.None : u.TwoFactor.PhoneState,
                App = u.TwoFactor != null && u.TwoFactor.AuthenticatorSecretProtected != null,
                Codes = db.RecoveryCodes.Count(c => c.UserId == u.Id && c.UsedAt == null),
                Passkeys = db.UserPasskeys.Count(k => k.UserId == u.Id),
                Last = u.TwoFactor == null ? null : u.TwoFactor.LastSecondFactorAt,
            })
            .ToListAsync(ct);
        return new EnrollmentPage(rows.Select(r => new EnrollmentRow(r.Id, r.Email ?? "", r.DisplayName, StateOf(r.Phone, r.App), r.Codes, r.Last, r.Passkeys)).ToList(), total);
    }

    public async Task<EnrollmentSummary> SummaryAsync(string actorId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return new EnrollmentSummary(0, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = ConsoleActors.PeopleInScope(db, actor);
        var total = await people.CountAsync(ct);
        var enrolled = await people.CountAsync(SecondFactors.PersonIsEnrolled, ct);
        return new EnrollmentSummary(enrolled, total);
    }

    /// <summary>The admin's people without a second factor (by SecondFactors' one definition): who a requirement would affect.</summary>
    public async Task<NotEnrolledPeople> NotEnrolledAsync(string actorId, int firstFew = 10, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return new NotEnrolledPeople(0, []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enrolled = db.Users.Where(SecondFactors.PersonIsEnrolled).Select(u => u.Id);
        var people = ConsoleActors.PeopleInScope(db, actor).Where(u => !enrolled.Contains(u.Id));
        var first = await people.OrderBy(u => u.Email).Take(firstFew).Select(u => u.Email ?? "").ToListAsync(ct);
        return new NotEnrolledPeople(await people.CountAsync(ct), first);
    }

    public static EnrollmentState StateOf(PhoneState phone, bool app) => (phone, app) switch
    {
        (PhoneState.Verified, true) => EnrollmentState.Both,
        (_, true) => EnrollmentState.App,
        (PhoneState.Verified, false) => EnrollmentState.Phone,
        (PhoneState.Pending, false) => EnrollmentState.PhonePending,
        _ => EnrollmentState.None,
    };

    private static Expression<Func<PortalUser, bool>> InState(EnrollmentState state) => state switch
    {
        EnrollmentState.Both => u => u.TwoFactor != null && u.TwoFactor.PhoneState == PhoneState.Verified && u.TwoFactor.AuthenticatorSecretProtected != null,
        EnrollmentState.App => u => u.TwoFactor != null && u.TwoFactor.PhoneState != PhoneState.Verified && u.TwoFactor.AuthenticatorSecretProtected != null,
        EnrollmentState.Phone => u => u.TwoFactor != null && u.TwoFactor.PhoneState == PhoneState.Verified && u.TwoFactor.AuthenticatorSecretProtected == null,
        EnrollmentState.PhonePending => u => u.TwoFactor != null && u.TwoFactor.PhoneState == PhoneState.Pending && u.TwoFactor.AuthenticatorSecretProtected == null,
        _ => u => u.TwoFactor == null || (u.TwoFactor.PhoneState == PhoneState.None && u.TwoFactor.AuthenticatorSecretProtected == null),
    };
}
