namespace BackupifyPortal.Features.Passkeys;

/// <summary>One passkey as User Settings lists it. Id is the credential id, base64url (public: the browser holds it too).</summary>
public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt);

public enum PasskeyChangeOutcome { Done, NeedsFreshProof, Invalid, NotFound, Refused, LastFactorNeedsConfirmation, LastFactorRequired }

/// <param name="Message">What the screen shows next to the field or button when the change did not happen.</param>
public sealed record PasskeyChangeResult(PasskeyChangeOutcome Outcome, string? Message = null)
{
    public static readonly PasskeyChangeResult Done = new(PasskeyChangeOutcome.Done);
    public static readonly PasskeyChangeResult NeedsFreshProof = new(PasskeyChangeOutcome.NeedsFreshProof, TwoFactor.FreshProof.Needed);
    public static readonly PasskeyChangeResult NotFound = new(PasskeyChangeOutcome.NotFound, "That passkey is no longer on your account.");
    public static readonly PasskeyChangeResult LastFactorNeedsConfirmation = new(PasskeyChangeOutcome.LastFactorNeedsConfirmation, TwoFactor.LastFactorRule.ConfirmQuestion);
    public static readonly PasskeyChangeResult LastFactorRequired = new(PasskeyChangeOutcome.LastFactorRequired, TwoFactor.LastFactorRule.Required);
    public bool Succeeded => Outcome == PasskeyChangeOutcome.Done;
}
