using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Phone;

/// <summary>A person's phone factor rows: the main phone ("Phone") and the backup phone ("Backup phone").</summary>
public static class PhoneFactors
{
    public const string MainName = "Phone";
    public const string BackupName = "Backup phone";

    public static string NameOf(bool backup) => backup ? BackupName : MainName;

    /// <summary>The main or backup phone, pending or verified; null when there is none.</summary>
    public static Task<UserFactor?> OfAsync(PortalDbContext db, string userId, bool backup, CancellationToken ct) =>
        db.Factors.AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup == backup, ct);

    /// <summary>The phone a code for <paramref name="binding"/> goes to: a backup phone only once verified, except for the code that verifies it.</summary>
    public static async Task<UserFactor?> ForBindingAsync(PortalDbContext db, CodeBinding binding, CancellationToken ct)
    {
        var phone = await OfAsync(db, binding.UserId, binding.Backup, ct);
        return binding.Backup && binding.Purpose != CodePurpose.PhoneVerification && phone?.PhoneState != PhoneState.Verified ? null : phone;
    }
}
