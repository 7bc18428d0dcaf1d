using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Support;

public sealed record SupportEvent(DateTimeOffset At, string Type, string? Detail, string? IpAddress);

/// <summary>One code sent to the customer: when, how, and where it is now in plain words (never the number or the code).</summary>
public sealed record DeliveryView(DateTimeOffset At, string Channel, string Status, bool Problem);

/// <summary>What support sees of a customer: masked state only, never a secret, code or full number.</summary>
public sealed record CustomerView(
    string UserId,
    string Email,
    string DisplayName,
    EnrollmentState State,
    string MaskedPhone,
    string? AuthenticatorAppName,
    int RecoveryCodesLeft,
    bool Locked,
    IReadOnlyList<SupportEvent> RecentEvents,
    int? ClockDriftSeconds,
    string? CurrentStep)
{
    /// <summary>Passkeys the customer holds (counted only: support never sees a credential).</summary>
    public int Passkeys { get; init; }

    /// <summary>How the customer's last setup dialog or wizard ended, within the hour: "finished: Authenticator App on" or "abandoned at …".</summary>
    public string? SetupOutcome { get; init; }
    public DateTimeOffset? SetupOutcomeAt { get; init; }

    /// <summary>The newest code deliveries, newest first.</summary>
    public IReadOnlyList<DeliveryView> Deliveries { get; init; } = [];

    /// <summary>The customer's factors counted by kind: "Phone · 2 apps · 1 passkey".</summary>
    public string FactorsByKind { get; init; } = "None";
}

/// <summary>The support console's look-up by email. Only support staff get an answer.</summary>
public sealed class SupportDirectory(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConsoleActors actors,
    TwoFactorSummary summary,
    SetupProgressNotifier notifier,
    PasswordAttempts limits,
    IPortalEvents bus)
{
    public const int RecentEventCount = 20;
    public const int RecentDeliveryCount = 10;

    /// <summary>
    /// Calls <paramref name="onChange"/> when what the card shows may have changed on any instance: a setup ended, a code's
    /// delivery status came in, or a factor changed (every factor change rotates the stamp). The caller re-reads.
    /// </summary>
    public IDisposable Watch(string customerId, Func<Task> onChange) => new Subscriptions(
        bus.Subscribe<SetupEnded>(customerId, _ => onChange()),
        bus.Subscribe<CodeDeliveryChanged>(customerId, _ => onChange()),
        bus.Subscribe<PersonStampRotated>(customerId, _ => onChange()));

    private sealed class Subscriptions(params IDisposable[] all) : IDisposable
    {
        public void Dispose() { foreach (var s in all) s.Dispose(); }
    }

    public async Task<CustomerView?> FindAsync(string actorId, string email, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(actorId, ct);
        if (actor is not { Role: ConsoleRole.Support } || string.IsNullOrWhiteSpace(email)) return null;
        var normalized = email.Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await ConsoleActors.PeopleInScope(db, actor).AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .FirstOrDefaultAsync(ct);
        if (person is null) return null;
        var state = await summary.GetAsync(person.Id, ct);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.UserId == person.Id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(RecentEventCount)
            .Select(e => new SupportEvent(e.At, e.Type, e.Detail, e.IpAddress)).ToListAsync(ct);
        events = events.Select(e => e with { Detail = DetailScrubber.Scrub(e.Detail) }).ToList();
        var deliveries = await db.CodeDeliveries.AsNoTracking().Where(d => d.UserId == person.Id)
            .OrderByDescending(d => d.SentAt).ThenByDescending(d => d.Id).Take(RecentDeliveryCount)
            .Select(d => new { d.SentAt, d.Channel, d.Status, Code = d.StatusErrorCode ?? d.ErrorCode }).ToListAsync(ct);
        var outcome = await notifier.LastOutcomeAsync(person.Id, ct);
        return new CustomerView(person.Id, person.Email ?? "", person.DisplayName,
            EnrollmentDirectory.StateOf(state.Phone, state.AuthenticatorEnabled, state.Passkeys), state.MaskedPhone, state.AuthenticatorAppName,
            state.RecoveryCodesLeft, await limits.IsHeldAsync(person.Id, ct), events, LastCodeDrift(events), await notifier.LastStepAsync(person.Id, ct))
        {
            Passkeys = state.Passkeys,
            FactorsByKind = state.ByKind,
            SetupOutcome = outcome?.Outcome,
            SetupOutcomeAt = outcome?.At,
            Deliveries = deliveries.Select(d => new DeliveryView(d.SentAt, DeliveryStatusWords.Channel(d.Channel),
                DeliveryStatusWords.Describe(d.Status, d.Channel, d.Code), DeliveryStatusWords.IsProblem(d.Status))).ToList(),
        };
    }

    /// <summary>Drift counts while no successful second factor came after it.</summary>
    public static int? LastCodeDrift(IEnumerable<SupportEvent> newestFirst)
    {
        foreach (var e in newestFirst)
        {
            if (e.Type == AuditEventTypes.TotpClockDrift) return ClockDrift.ParseSeconds(e.Detail);
            if (e.Type.Contains("verified") || e.Type.Contains("succeeded") || e.Type.Contains("enabled") || e.Type == AuditEventTypes.TwoFactorReset) return null;
        }
        return null;
    }
}
