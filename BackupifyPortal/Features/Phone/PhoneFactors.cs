using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Phone;

/// <summary>A person's phone factor rows: the main phone ("Phone") and the backup phone ("Backup phone").</summary>
public static class PhoneFactors
{
    public const string MainName = "Phone";
    public const string BackupName = "Backup phone";

    /// <summary>The name of a new backup number while its code is awaited; the verified backup keeps working meanwhile.</summary>
    public const string ReplacementName = "Backup phone (new)";

    public static string NameOf(bool backup) => backup ? BackupName : MainName;

    /// <summary>The main or backup phone, pending or verified; null when there is none. Of a verified backup and its pending replacement, the verified one.</summary>
    public static Task<UserFactor?> OfAsync(PortalDbContext db, string userId, bool backup, CancellationToken ct) =>
        db.Factors.AsNoTracking().Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup == backup)
            .OrderBy(f => f.PhoneState == PhoneState.Verified ? 0 : 1).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The phone a code for <paramref name="binding"/> goes to: a backup phone only once verified, except for the code
    /// that verifies it, which goes to the pending backup (a first one, or the replacement of a verified one).
    /// </summary>
    public static async Task<UserFactor?> ForBindingAsync(PortalDbContext db, CodeBinding binding, CancellationToken ct)
    {
        if (!binding.Backup) return await OfAsync(db, binding.UserId, backup: false, ct);
        var wanted = binding.Purpose == CodePurpose.PhoneVerification ? PhoneState.Pending : PhoneState.Verified;
        return await db.Factors.AsNoTracking()
            .FirstOrDefaultAsync(f => f.UserId == binding.UserId && f.Kind == FactorKind.Phone && f.IsBackup && f.PhoneState == wanted, ct);
    }
}
