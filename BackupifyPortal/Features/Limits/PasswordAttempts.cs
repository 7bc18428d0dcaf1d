using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Limits;

/// <summary>Whose password is tried: a person (with or without a second factor), or an email with no account.</summary>
public sealed record PasswordSubject(string Key, string? UserId, string? Email, bool HasSecondFactor);

/// <summary>What the rules allow before the password is looked at.</summary>
/// <param name="MayCheck">False: answer with the wait (or the cap) without checking the password.</param>
/// <param name="Wait">The wait in force for this account from this address after this try (zero: none).</param>
/// <param name="AtCap">The account is past the NIST cap: the password alone never signs in.</param>
/// <param name="SecondFactorOnly">A right password must still be followed by a second factor, even on a remembered browser.</param>
public sealed record PasswordGate(bool MayCheck, TimeSpan Wait, bool AtCap, bool SecondFactorOnly, bool CountsTowardCap = false, bool WaitsStarted = false);

/// <summary>The answer to a refused or wrong password; the same for a real account and an unknown email.</summary>
/// <param name="Refused">False: just "wrong"; true with a null <see cref="Wait"/>: until an admin unlock (the cap).</param>
public sealed record PasswordVerdict(bool Refused, TimeSpan? Wait)
{
    public static readonly PasswordVerdict Wrong = new(false, TimeSpan.Zero);
    public static readonly PasswordVerdict UntilUnlock = new(true, null);
}

/// <summary>
/// The password rules (README in this folder), for every place a password is checked. Waits grow per account+address,
/// and per account for addresses not known for it; the spray guard per address refuses only accounts that address
/// has been failing on; a person with a second factor is never shut out by strangers; unknown emails count alike.
/// </summary>
public sealed class PasswordAttempts(AttemptLimiter limiter, CodeHasher hasher, SecurityNotices notices, IOptions<PasswordLimitOptions> options, TimeProvider clock)
{
    private PasswordLimitOptions O => options.Value;
    private LimitRule PairRule => new(CounterKinds.PasswordPair, O.Burst, O.FirstWait) { Growth = O.Growth, MaxWait = O.MaxWait };
    private LimitRule AccountRule => PairRule with { Kind = CounterKinds.PasswordAccount };
    private static readonly LimitRule TotalRule = LimitRule.CountOnly(CounterKinds.PasswordTotal);
    private static readonly LimitRule KnownRule = LimitRule.CountOnly(CounterKinds.KnownAddress);
    private LimitRule AddressRule => new(CounterKinds.PasswordAddress, O.AddressFailureLimit, O.AddressWindow) { Window = O.AddressWindow };

    public PasswordSubject ForPerson(string userId, string? email, bool hasSecondFactor) => new(CounterKinds.Account(userId), userId, email, hasSecondFactor);

    /// <summary>An email with no account counts under a keyed hash of it, in the same table, by primary key.</summary>
    public PasswordSubject ForUnknownEmail(string email) => new("email:" + hasher.HashLookup("unknown-email", email.Trim().ToUpperInvariant()), null, null, false);

    public async Task<PasswordGate> BeginAsync(PasswordSubject subject, string? ip, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var atCap = (await limiter.GetAsync(TotalRule, subject.Key, ct)).Count >= O.ConsecutiveFailureCap;
        if (atCap && !subject.HasSecondFactor) return new PasswordGate(false, TimeSpan.Zero, true, true);
        var pairKey = CounterKinds.Pair(subject.Key, ip);
        // The spray guard refuses an address only for accounts it has been failing on: bystanders behind it still get in.
        var address = await limiter.GetAsync(AddressRule, CounterKinds.Address(ip), ct);
        if (address.IsBlocked(now) && (await limiter.GetAsync(PairRule, pairKey, ct)).Count > 0)
            return new PasswordGate(false, address.Remaining(now), atCap, true);
        var pair = await limiter.TryTakeAsync(PairRule, pairKey, ct);
        if (!pair.Taken) return new PasswordGate(false, pair.State.Remaining(now), atCap, true);

        // Looked up for unknown emails too (never found), so both take the same work.
        var known = (await limiter.GetAsync(KnownRule, CounterKinds.Known(subject.UserId ?? subject.Key, ip), ct)).Count > 0 && subject.UserId is not null;
        var account = known ? null : await limiter.TryTakeAsync(AccountRule, subject.Key, ct);
        // A blocked address still gets its answer as a wait: only a right password is let through.
        var wait = Max(Max(pair.State.Remaining(now), account?.State.Remaining(now) ?? TimeSpan.Zero), address.Remaining(now));
        var accountWaiting = account is { Taken: false };
        // Strangers' failures make other strangers wait, but never stop the right password plus a second factor.
        if (accountWaiting && !subject.HasSecondFactor) return new PasswordGate(false, wait, atCap, true);
        var started = pair.State.Count == O.Burst || account is { Taken: true, State.Count: var n } && n == O.Burst;
        return new PasswordGate(true, wait, atCap, atCap || accountWaiting, CountsTowardCap: !accountWaiting, WaitsStarted: started);
    }

    /// <summary>After a wrong password (or any password for an unknown email): count it and say what to answer.</summary>
    public async Task<PasswordVerdict> FailedAsync(PasswordSubject subject, string? ip, PasswordGate gate, CancellationToken ct = default)
    {
        await limiter.CountAsync(AddressRule, CounterKinds.Address(ip), ct);
        // Tries a 2FA account takes while it waits for strangers are not counted here: an unknown email's would be refused uncounted.
        var total = gate.CountsTowardCap ? (await limiter.CountAsync(TotalRule, subject.Key, ct)).Count : 0;
        if (gate.WaitsStarted && subject.Email is { } email) await notices.SignInWaitsStartedAsync(email, ct);
        if (gate.AtCap || total >= O.ConsecutiveFailureCap) return PasswordVerdict.UntilUnlock;
        return gate.Wait > TimeSpan.Zero ? new PasswordVerdict(true, gate.Wait) : PasswordVerdict.Wrong;
    }

    /// <summary>The answer to a try the gate refused.</summary>
    public static PasswordVerdict Refusal(PasswordGate gate) => gate.AtCap ? PasswordVerdict.UntilUnlock : new PasswordVerdict(true, gate.Wait);

    /// <summary>
    /// A right password: the consecutive count and this address's count start again, and the address becomes known.
    /// Strangers' count (unknown addresses) starts again only when this address was itself unknown: the owner signing in
    /// at home must not hand the strangers a fresh burst.
    /// </summary>
    public async Task SucceededAsync(PasswordSubject subject, string? ip, CancellationToken ct = default)
    {
        await limiter.ResetAsync(CounterKinds.PasswordPair, CounterKinds.Pair(subject.Key, ip), ct);
        await limiter.ResetAsync(CounterKinds.PasswordTotal, subject.Key, ct);
        if (subject.UserId is not { } userId) return;
        var known = CounterKinds.Known(userId, ip);
        if ((await limiter.GetAsync(KnownRule, known, ct)).Count == 0) await limiter.ResetAsync(CounterKinds.PasswordAccount, subject.Key, ct);
        await limiter.CountAsync(KnownRule, known, ct);
    }

    /// <summary>
    /// A password typed by a signed-in person (Change password, Confirm it's you, an admin's own check in Reset 2FA):
    /// the same waits and cap as sign-in. Null when the password was right, else what to answer.
    /// </summary>
    public async Task<PasswordVerdict?> CheckSignedInAsync(string userId, string? email, string? ip, Func<Task<bool>> check, CancellationToken ct = default)
    {
        var subject = ForPerson(userId, email, hasSecondFactor: false);
        var gate = await BeginAsync(subject, ip, ct);
        if (!gate.MayCheck) return Refusal(gate);
        if (!await check()) return await FailedAsync(subject, ip, gate, ct);
        await SucceededAsync(subject, ip, ct);
        return null;
    }

    /// <summary>Whether a person is waiting or past the cap, for the consoles.</summary>
    public async Task<bool> IsHeldAsync(string userId, CancellationToken ct = default)
    {
        if ((await limiter.GetAsync(TotalRule, CounterKinds.Account(userId), ct)).Count >= O.ConsecutiveFailureCap) return true;
        return await limiter.AnyBlockedAsync(userId, ct);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
