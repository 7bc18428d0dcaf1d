using System.Linq.Expressions;
using BackupifyPortal.Data;

namespace BackupifyPortal.Features.TwoFactor;

/// <summary>
/// The one definition of "enrolled": a verified phone or an authenticator app. A pending phone is not a factor yet
/// (its number was never proved); sign-in still asks it for a code (SecondFactorRequirement), to verify it.
/// </summary>
public static class SecondFactors
{
    public static bool IsEnrolled(PhoneState phone, bool hasApp) => phone == PhoneState.Verified || hasApp;

    /// <summary>The same rule for database queries over a profile.</summary>
    public static readonly Expression<Func<TwoFactorProfile, bool>> ProfileIsEnrolled =
        p => p.PhoneState == PhoneState.Verified || p.AuthenticatorSecretProtected != null;

    /// <summary>The same rule for database queries over people.</summary>
    public static readonly Expression<Func<PortalUser, bool>> PersonIsEnrolled =
        u => u.TwoFactor != null && (u.TwoFactor.PhoneState == PhoneState.Verified || u.TwoFactor.AuthenticatorSecretProtected != null);
}
