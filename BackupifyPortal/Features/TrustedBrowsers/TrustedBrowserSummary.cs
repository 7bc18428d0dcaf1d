namespace BackupifyPortal.Features.TrustedBrowsers;

/// <summary>One trusted browser as User Settings lists it.</summary>
/// <param name="Where">The coarse network it was remembered from, or null when unknown.</param>
public sealed record TrustedBrowserSummary(Guid Id, string Browser, string? Where, DateTimeOffset RememberedAt, DateTimeOffset? LastUsedAt);

public enum ForgetOutcome { Done, NeedsFreshProof, NotFound }

/// <param name="Message">What the screen shows when nothing was forgotten.</param>
public sealed record ForgetResult(ForgetOutcome Outcome, int Forgotten = 0, string? Message = null)
{
    public static readonly ForgetResult NeedsFreshProof = new(ForgetOutcome.NeedsFreshProof, Message: TwoFactor.FreshProof.Needed);
    public static readonly ForgetResult NotFound = new(ForgetOutcome.NotFound, Message: "That browser is no longer remembered.");
    public bool Succeeded => Outcome == ForgetOutcome.Done;
}

/// <summary>The trusted browser a request's remember cookie names, checked against its row.</summary>
public sealed record TrustedBrowserRef(Guid Id, string UserId);
