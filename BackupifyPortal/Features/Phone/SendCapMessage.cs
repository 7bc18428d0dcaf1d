using System.Globalization;

namespace BackupifyPortal.Features.Phone;

/// <summary>What a person is told when a send cap holds their code back: when they may ask again, and what works meanwhile.</summary>
public static class SendCapMessage
{
    public static string For(DateTimeOffset freesAt, DateTimeOffset now, string? timeZoneId, bool hasAuthenticator, bool hasRecoveryCodes)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(freesAt, zone);
        var at = local.ToString("h:mm tt", CultureInfo.InvariantCulture) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
        // The caps count every send to the person and the number, so the other channel waits too: say what works now.
        var meanwhile = (hasAuthenticator, hasRecoveryCodes) switch
        {
            (true, true) => "Until then, sign in with your authenticator app or a recovery code.",
            (true, false) => "Until then, sign in with your authenticator app.",
            (false, true) => "Until then, sign in with a recovery code.",
            _ => "To sign in sooner, ask your administrator or Backupify support.",
        };
        return $"You've asked for too many codes. No text message or phone call can be sent until {at}, in {WaitText.Format(freesAt - now)}. {meanwhile}";
    }
}
