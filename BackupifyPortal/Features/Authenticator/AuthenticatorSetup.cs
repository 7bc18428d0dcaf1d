namespace BackupifyPortal.Features.Authenticator;

/// <summary>What the QR step shows for a pending secret. Holds the secret: never log it.</summary>
public sealed record AuthenticatorSetup(string AppName, string SetupKey, string OtpAuthUri, string QrSvg)
{
    public string SetupKeyGroups => Authenticator.OtpAuthUri.GroupsOfFour(SetupKey);

    // Records print every property; keep the secret out of any log line or exception message.
    public override string ToString() => $"AuthenticatorSetup {{ AppName = {AppName} }}";
}

/// <summary>Confirming a new app: the check, and on success the new recovery codes (shown once).</summary>
public sealed record AuthenticatorEnrollmentResult(TotpCheckResult Check, IReadOnlyList<string> RecoveryCodes);
