using System.Linq.Expressions;
using BackupifyPortal.Data;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// The one definition of "enrolled": a verified phone, an authenticator app or a passkey. A pending phone is not a
/// factor yet (its number was never proved); sign-in still asks it for a code (SecondFactorRequirement), to verify it.
/// </summary>
public static class SecondFactors
{
    /// <summary>Most authenticator apps one person may hold.</summary>
    public const int MaxApps = 5;

    /// <summary>Room for one more app beside the <paramref name="apps"/> the person holds.</summary>
    public static bool MayAddApp(int apps) => apps < MaxApps;

    public static bool IsEnrolled(PhoneState phone, bool hasApp, int passkeys = 0) => phone == PhoneState.Verified || hasApp || passkeys > 0;

    /// <summary>A factor row that counts: an app, or a phone a code has proved.</summary>
    public static readonly Expression<Func<UserFactor, bool>> Counts =
        f => f.Kind == FactorKind.AuthenticatorApp || (f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified);

    /// <summary>The same rule for database queries over people (passkeys are in Identity's table, hence the context).</summary>
    public static Expression<Func<PortalUser, bool>> PersonIsEnrolled(PortalDbContext db) =>
        u => u.Factors.Any(f => f.Kind == FactorKind.AuthenticatorApp || (f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Verified))
            || db.UserPasskeys.Any(k => k.UserId == u.Id);
}
