using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>What User Settings, the 2FA screens and the consoles show of a person's second factors.</summary>
public sealed record TwoFactorState(
    PhoneState Phone,
    string MaskedPhone,
    DeliveryChannel PhoneChannel,
    bool AuthenticatorEnabled,
    string? AuthenticatorAppName,
    bool AuthenticatorSetupRequested,
    int RecoveryCodesLeft)
{
    /// <summary>The "Two Factor Authentication" switch: on once a phone is saved or an app is set up.</summary>
    public bool TwoFactorOn => Phone != PhoneState.None || AuthenticatorEnabled;

    /// <summary>Passkeys the person holds (Features/Passkeys): each signs in alone, and serves as the second factor after a password.</summary>
    public int Passkeys { get; init; }

    /// <summary>Has a second factor, by the one definition (<see cref="SecondFactors"/>): a pending phone is not one yet.</summary>
    public bool Enrolled => SecondFactors.IsEnrolled(Phone, AuthenticatorEnabled);
}

public sealed class TwoFactorSummary(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<TwoFactorState> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == userId, ct);
        var codesLeft = await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);
        var passkeys = await db.UserPasskeys.CountAsync(k => k.UserId == userId, ct);
        var state = p is null
            ? new TwoFactorState(PhoneState.None, "", DeliveryChannel.Sms, false, null, false, codesLeft)
            : new TwoFactorState(p.PhoneState, PhoneMasking.Mask(p.PhoneE164), p.PhoneChannel,
                p.AuthenticatorSecretProtected is not null, p.AuthenticatorAppName, p.AuthenticatorSetupRequested, codesLeft);
        return state with { Passkeys = passkeys };
    }
}
