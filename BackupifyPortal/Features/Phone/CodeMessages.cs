using System.Security;

namespace BackupifyPortal.Features.Phone;

/// <summary>The words of the SMS and of the voice call; the voice reads the digits one by one, twice.</summary>
public static class CodeMessages
{
    public static string Sms(string code, TimeSpan lifetime) =>
        $"Your Backupify verification code is {code}. It expires in {(int)lifetime.TotalMinutes} minutes. Never share it.";

    public static string SpokenDigits(string code) => string.Join(", ", code.ToCharArray());

    public static string VoiceTwiml(string code)
    {
        var digits = SecurityElement.Escape(SpokenDigits(code));
        return "<Response>"
            + $"<Say>Your Backupify verification code is: {digits}.</Say><Pause length=\"1\"/>"
            + $"<Say>Again, your code is: {digits}.</Say>"
            + "</Response>";
    }

    /// <summary>What the Development outbox keeps for a call: the code in one piece plus what would be spoken.</summary>
    public static string VoiceOutboxText(string code) =>
        $"Your Backupify verification code is {code}. (Voice call reads: {SpokenDigits(code)}. Again: {SpokenDigits(code)}.)";
}
