using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Limits;

public enum SendKind { SetupLink, IdentityCheckCode }

/// <param name="Wait">When refused: how long until another may go.</param>
public sealed record SendPermit(bool Allowed, TimeSpan Wait)
{
    public static readonly SendPermit Granted = new(true, TimeSpan.Zero);

    /// <summary>Refused for the requester's address, not the recipient: every further send from it would be refused too.</summary>
    public bool ForAddress { get; init; }

    /// <summary>The plain sentence shown next to the control that was refused.</summary>
    public string? Message(string what) => Allowed ? null : $"Too many {what} were sent. You can send another in {WaitText.Format(Wait)}.";
}

/// <summary>
/// Caps emails per recipient and per requesting address on the limiter (section "Limits:Send"). Asked before anything is
/// created or sent: a refused send sends nothing. The requester's address is counted first, so refused tries spend the
/// requester's allowance, never the recipient's.
/// </summary>
public sealed class SendThrottle(AttemptLimiter limiter, IOptions<SendLimitOptions> options, TimeProvider clock)
{
    public async Task<SendPermit> TryAsync(SendKind kind, string recipientUserId, string? ip, CancellationToken ct = default)
    {
        var o = options.Value;
        var (perPerson, perAddress) = kind switch
        {
            SendKind.SetupLink => (o.SetupLinkPerPerson.Rule(CounterKinds.SetupLinkToPerson), o.SetupLinkPerAddress.Rule(CounterKinds.SetupLinkFromAddress)),
            _ => (o.IdentityCodePerPerson.Rule(CounterKinds.IdentityCodeToPerson), o.IdentityCodePerAddress.Rule(CounterKinds.IdentityCodeFromAddress)),
        };
        var now = clock.GetUtcNow();
        var address = await limiter.TryTakeAsync(perAddress, CounterKinds.Address(ip), ct);
        if (!address.Taken) return new SendPermit(false, address.State.Remaining(now)) { ForAddress = true };
        var person = await limiter.TryTakeAsync(perPerson, CounterKinds.Subject(recipientUserId), ct);
        return person.Taken ? SendPermit.Granted : new SendPermit(false, person.State.Remaining(now));
    }
}
