using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>Factor rows as the services write them, for tests that seed a person's phone or app directly.</summary>
public static class FactorRows
{
    public static UserFactor Phone(string userId, string e164, PhoneState state, DeliveryChannel channel = DeliveryChannel.Sms, DateTimeOffset? verifiedAt = null, bool backup = false) => new()
    {
        Id = Guid.NewGuid(), UserId = userId, Kind = FactorKind.Phone, Name = PhoneFactors.NameOf(backup), CreatedAt = DateTimeOffset.UtcNow,
        PhoneE164 = e164, PhoneState = state, PhoneChannel = channel, IsBackup = backup,
        VerifiedAt = state == PhoneState.Verified ? verifiedAt ?? DateTimeOffset.UtcNow : null,
    };

    public static UserFactor App(string userId, string name, string secretProtected) => new()
    {
        Id = Guid.NewGuid(), UserId = userId, Kind = FactorKind.AuthenticatorApp, Name = name, CreatedAt = DateTimeOffset.UtcNow, SecretProtected = secretProtected,
    };

    /// <summary>A person's main phone and first app as one row, the shape the single-row profile used to have.</summary>
    public static async Task<FactorSnapshot> OfAsync(PortalDbContext db, string userId)
    {
        var factors = await db.Factors.AsNoTracking().Where(f => f.UserId == userId).ToListAsync();
        var phone = factors.FirstOrDefault(f => f.Kind == FactorKind.Phone && !f.IsBackup);
        var app = factors.FirstOrDefault(f => f.Kind == FactorKind.AuthenticatorApp);
        return new FactorSnapshot(phone?.PhoneState ?? PhoneState.None, phone?.PhoneE164, app?.SecretProtected);
    }
}

public sealed record FactorSnapshot(PhoneState PhoneState, string? PhoneE164, string? AuthenticatorSecretProtected);
