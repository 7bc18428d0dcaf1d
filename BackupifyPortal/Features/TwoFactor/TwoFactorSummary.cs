using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>One factor as the screens show it: never a secret or a full number.</summary>
public sealed record FactorView(Guid Id, FactorKind Kind, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    string MaskedPhone = "", PhoneState PhoneState = PhoneState.None, DeliveryChannel PhoneChannel = DeliveryChannel.Sms, bool IsBackup = false);

/// <summary>What User Settings, the 2FA screens and the consoles show of a person's second factors.</summary>
/// <param name="Phone">The main phone's state (the backup phone is <see cref="BackupPhone"/>).</param>
/// <param name="AuthenticatorAppName">The first app's name, for the screens that name one app.</param>
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

    /// <summary>The person's authenticator apps, oldest first.</summary>
    public IReadOnlyList<FactorView> Apps { get; init; } = [];

    /// <summary>The second phone, if any.</summary>
    public FactorView? BackupPhone { get; init; }

    /// <summary>Has a second factor, by the one definition (<see cref="SecondFactors"/>): a pending phone is not one yet.</summary>
    public bool Enrolled => SecondFactors.IsEnrolled(Phone, AuthenticatorEnabled, Passkeys);

    /// <summary>Factors that count, of every kind: the last-factor rule counts these.</summary>
    public int FactorCount => (Phone == PhoneState.Verified ? 1 : 0) + (BackupPhone is { PhoneState: PhoneState.Verified } ? 1 : 0) + Apps.Count + Passkeys;

    /// <summary>User Settings' line under the Two Factor Authentication switch.</summary>
    public string PhoneDescription => Phone switch
    {
        PhoneState.Pending => $"Phone {MaskedPhone} will be verified at your next log in ({ChannelName}).",
        PhoneState.Verified => $"Codes go to {MaskedPhone} by {ChannelName}.",
        _ => AuthenticatorEnabled ? "Codes come from your authenticator app." : "Off. Turn on to get a code by text or call when you log in.",
    };

    /// <summary>User Settings' line under the Authenticator App switch: the one app by name, or how many.</summary>
    public string AppDescription => AuthenticatorEnabled
        ? $"On{(Apps.Count == 1 ? $" with {Apps[0].Name}" : $" with {Apps.Count} apps")}. {RecoveryCodesLeft} recovery codes left."
        : "Off. Use an app such as Google Authenticator or Authy instead of text messages.";

    private string ChannelName => PhoneChannel == DeliveryChannel.Voice ? "phone call" : "text message";

    /// <summary>The factors by kind, as the consoles read: "Phone · 2 apps · 1 passkey".</summary>
    public string ByKind => FactorCounts.Describe(
        (Phone == PhoneState.Verified ? 1 : 0) + (BackupPhone is { PhoneState: PhoneState.Verified } ? 1 : 0), Phone == PhoneState.Pending, Apps.Count, Passkeys);
}

public sealed class TwoFactorSummary(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<TwoFactorState> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == userId, ct);
        var factors = await db.Factors.AsNoTracking().Where(f => f.UserId == userId).ToListAsync(ct);
        var codesLeft = await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);
        var passkeys = await db.UserPasskeys.CountAsync(k => k.UserId == userId, ct);
        var phone = factors.FirstOrDefault(f => f.Kind == FactorKind.Phone && !f.IsBackup);
        // A verified backup is shown while a replacement number awaits its code.
        var backup = factors.Where(f => f.Kind == FactorKind.Phone && f.IsBackup).OrderBy(f => f.PhoneState == PhoneState.Verified ? 0 : 1).FirstOrDefault();
        var apps = factors.Where(f => f.Kind == FactorKind.AuthenticatorApp).OrderBy(f => f.CreatedAt).ThenBy(f => f.Name).Select(View).ToList();
        return new TwoFactorState(phone?.PhoneState ?? PhoneState.None, PhoneMasking.Mask(phone?.PhoneE164), phone?.PhoneChannel ?? DeliveryChannel.Sms,
            apps.Count > 0, apps.FirstOrDefault()?.Name, p?.AuthenticatorSetupRequested ?? false, codesLeft)
        {
            Passkeys = passkeys,
            Apps = apps,
            BackupPhone = backup is null ? null : View(backup),
        };
    }

    private static FactorView View(UserFactor f) =>
        new(f.Id, f.Kind, f.Name, f.CreatedAt, f.LastUsedAt, PhoneMasking.Mask(f.PhoneE164), f.PhoneState, f.PhoneChannel, f.IsBackup);
}
