using BackupifyPortal.Features.Audit;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>The factor changes that turn a factor on, and what support's card calls each ("finished: Authenticator App on").</summary>
public static class FactorsTurnedOn
{
    private static readonly Dictionary<string, string> Words = new()
    {
        [AuditEventTypes.AuthenticatorEnabled] = "Authenticator App on",
        [AuditEventTypes.AuthenticatorReplaced] = "Authenticator App replaced",
        [AuditEventTypes.PhonePending] = "Two Factor Authentication on (phone to verify at the next log in)",
        [AuditEventTypes.PhoneChanged] = "phone number changed (to verify at the next log in)",
        [AuditEventTypes.PhoneVerified] = "phone verified",
        [AuditEventTypes.BackupPhoneVerified] = "backup phone verified",
        [AuditEventTypes.PasskeyAdded] = "passkey added",
    };

    /// <summary>Null when the change turns nothing on (a removal, a reset, recovery codes, a forgotten browser).</summary>
    public static string? Describe(string auditType) => Words.GetValueOrDefault(auditType);
}
