using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <param name="Type">Plain words of the events (as the log shows them) or the start of their type code.</param>
public sealed record AuditFilter(string? Type = null, string? Person = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Skip = 0, int Take = 50)
{
    /// <summary>No event's words or type, nor any email, is longer: a longer filter is refused under its field and not applied.</summary>
    public const int MaxTypeLength = 64;
    public const int MaxPersonLength = 256;

    /// <summary>The message under a filter field that is too long; null when it may be applied.</summary>
    public static string? LengthError(string? text, int max) => text?.Trim().Length > max ? $"Use at most {max} characters." : null;

    /// <summary>The Audit Log page's and its export's filter: whole UTC days, "to" included; an over-long field is not applied.</summary>
    public static AuditFilter ForDays(string? type, string? person, DateTimeOffset? fromDay, DateTimeOffset? toDay, int skip, int take) =>
        new(Applied(type, MaxTypeLength), Applied(person, MaxPersonLength), fromDay, toDay?.AddDays(1), skip, take);

    /// <summary>A date picked on the page, as the UTC midnight that starts it.</summary>
    public static DateTimeOffset? Day(DateTime? date) => date is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;

    private static string? Applied(string? text, int max) => LengthError(text, max) is null ? text : null;
}

public sealed record AuditRow(DateTimeOffset At, string Type, string? SubjectEmail, string? ActorEmail, string? Detail, string? IpAddress);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>Reads the append-only audit log: admins see their organisation's people, support sees everyone.</summary>
public sealed class AuditQuery(IDbContextFactory<PortalDbContext> dbFactory, ConsoleActors actors)
{
    public const int MaxExportRows = 10_000;

    /// <summary>Null when the actor may not read the log.</summary>
    public async Task<AuditPage?> SearchAsync(string actorId, AuditFilter filter, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var inScope = ConsoleActors.PeopleInScope(db, actor);
        var events = actor.Role == ConsoleRole.Support
            ? db.AuditEvents.AsQueryable()
            : db.AuditEvents.Where(e => inScope.Any(u => u.Id == e.UserId));
        if (!string.IsNullOrWhiteSpace(filter.Type))
        {
            // The plain words the log shows (signed in, phone number), or the start of a type code (2fa.reset, signin).
            var text = filter.Type.Trim();
            var described = AuditEventDescriptions.TypesDescribedAs(text);
            events = events.Where(e => e.Type.StartsWith(text) || described.Contains(e.Type));
        }
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim().ToUpperInvariant();
            events = events.Where(e => db.Users.Any(u => u.Id == e.UserId && u.NormalizedEmail!.Contains(person)));
        }
        if (filter.From is { } from) events = events.Where(e => e.At >= from);
        if (filter.To is { } to) events = events.Where(e => e.At < to);
        var total = await events.CountAsync(ct);
        var rows = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, MaxExportRows))
            .Select(e => new AuditRow(e.At, e.Type,
                db.Users.Where(u => u.Id == e.UserId).Select(u => u.Email).FirstOrDefault(),
                db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.Email).FirstOrDefault(),
                e.Detail, e.IpAddress))
            .ToListAsync(ct);
        return new AuditPage(rows.Select(r => r with { Detail = DetailScrubber.Scrub(r.Detail) }).ToList(), total);
    }

    /// <summary>A person's own latest events, for User Settings.</summary>
    public async Task<IReadOnlyList<AuditRow>> OwnRecentAsync(string userId, int count = 10, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AuditEvents.Where(e => e.UserId == userId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(Math.Clamp(count, 1, 50))
            .Select(e => new AuditRow(e.At, e.Type, null,
                db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.Email).FirstOrDefault(), e.Detail, e.IpAddress))
            .ToListAsync(ct);
        return rows.Select(r => r with { Detail = DetailScrubber.Scrub(r.Detail) }).ToList();
    }
}
