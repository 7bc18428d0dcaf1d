using System.Globalization;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Carries the moment of a sign-in's proof from the hand-off to the session row (<see cref="AuthSession.VerifiedAt"/>).
/// What counts as fresh proof is decided in one place only: <see cref="TwoFactor.FreshProof"/>.
/// </summary>
public static class RecentVerification
{
    /// <summary>Set by the sign-in hand-off on the ticket's properties; the ticket store moves it to the session row.</summary>
    public const string VerifiedAtKey = ".bp.verified";

    public static void Stamp(AuthenticationProperties properties, DateTimeOffset at) =>
        properties.Items[VerifiedAtKey] = at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Takes the stamp off the ticket (so a later sliding renewal cannot roll a newer proof back) and returns it.</summary>
    internal static DateTimeOffset? Take(AuthenticationProperties properties)
    {
        if (!properties.Items.Remove(VerifiedAtKey, out var value)) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
    }
}
