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
        if (query.State is { } state) people = people.Where(InState(db, state));
        var total = await people.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var rows = await people.OrderBy(u => u.Email)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                Phones = u.Factors.Count(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified),
                PhonePending = u.Factors.Any(f => f.Kind == FactorKind.Phone && !f.IsBackup && f.PhoneState == PhoneState.Pending),
                Apps = u.Factors.Count(f => f.Kind == FactorKind.AuthenticatorApp),
                Codes = db.RecoveryCodes.Count(c => c.UserId == u.Id && c.UsedAt == null),
                Passkeys = db.UserPasskeys.Count(k => k.UserId == u.Id),
                Last = u.TwoFactor == null ? null : u.TwoFactor.LastSecondFactorAt,
            })
            .ToListAsync(ct);
        return new EnrollmentPage(rows.Select(r => new EnrollmentRow(r.Id, r.Email ?? "", r.DisplayName,
            StateOf(r.Phones > 0 ? PhoneState.Verified : r.PhonePending ? PhoneState.Pending : PhoneState.None, r.Apps > 0, r.Passkeys),
            r.Codes, r.Last, r.Passkeys) { Phones = r.Phones, Apps = r.Apps }).ToList(), total);
    }

    public async Task<EnrollmentSummary> SummaryAsync(string actorId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return new EnrollmentSummary(0, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = ConsoleActors.PeopleInScope(db, actor);
        var total = await people.CountAsync(ct);
        var enrolled = await people.CountAsync(SecondFactors.PersonIsEnrolled(db), ct);
        return new EnrollmentSummary(enrolled, total);
    }

    /// <summary>The admin's people without a second factor (by SecondFactors' one definition): who a requirement would affect.</summary>
    public async Task<NotEnrolledPeople> NotEnrolledAsync(string actorId, int firstFew = 10, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Admin }) return new NotEnrolledPeople(0, []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enrolled = db.Users.Where(SecondFactors.PersonIsEnrolled(db)).Select(u => u.Id);
        var people = ConsoleActors.PeopleInScope(db, actor).Where(u => !enrolled.Contains(u.Id));
        var first = await people.OrderBy(u => u.Email).Take(firstFew).Select(u => u.Email ?? "").ToListAsync(ct);
        return new NotEnrolledPeople(await people.CountAsync(ct), first);
    }

    public static EnrollmentState StateOf(PhoneState phone, bool app, int passkeys = 0) => (phone, app) switch
    {
        (PhoneState.Verified, true) => EnrollmentState.Both,
        (_, true) => EnrollmentState.App,
        (PhoneState.Verified, false) => EnrollmentState.Phone,
        _ when passkeys > 0 => EnrollmentState.Passkey,
        (PhoneState.Pending, false) => EnrollmentState.PhonePending,
        _ => EnrollmentState.None,
    };

    // The same states in SQL: phones that count are verified ones (main or backup); passkeys are Identity's rows.
    private static Expression<Func<PortalUser, bool>> InState(PortalDbContext db, EnrollmentState state) => state switch
    {
        EnrollmentState.Both => u => u.Factors.Any(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified) && u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp),
        EnrollmentState.App => u => !u.Factors.Any(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified) && u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp),
        EnrollmentState.Phone => u => u.Factors.Any(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified) && !u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp),
        EnrollmentState.Passkey => u => !u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp || f.PhoneState == PhoneState.Verified) && db.UserPasskeys.Any(k => k.UserId == u.Id),
        EnrollmentState.PhonePending => u => u.Factors.Any(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Pending)
            && !u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp || f.PhoneState == PhoneState.Verified) && !db.UserPasskeys.Any(k => k.UserId == u.Id),
        _ => u => !u.Factors.Any() && !db.UserPasskeys.Any(k => k.UserId == u.Id),
    };
}
