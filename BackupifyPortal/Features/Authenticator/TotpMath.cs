using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>RFC 6238 as every authenticator app does it: 30 s steps, 6 digits, HMAC-SHA1.</summary>
public static class TotpMath
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    /// <summary>One step either side absorbs typing time and small clock errors.</summary>
    public const int AcceptWindowSteps = 1;
    /// <summary>±10 minutes: far enough to explain a wrong phone clock at setup, never accepted.</summary>
    public const int DriftSearchSteps = 20;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>Six digits, spaces allowed (apps show "123 456").</summary>
    public static string? Normalize(string? code)
    {
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The time step the code belongs to when it is inside the accepted window (±1 step); otherwise null.</summary>
    public static long? AcceptedStep(byte[] secret, string? typed, DateTimeOffset now)
    {
        var code = Normalize(typed);
        if (code is null) return null;
        return Totp(secret).VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(AcceptWindowSteps, AcceptWindowSteps)) ? step : null;
    }

    /// <summary>
    /// How many steps away (up to ±10 minutes) a code outside the window matched: a wrong phone clock. Only for a
    /// person who holds the secret (the setup dialog); at sign-in it would tell a guesser a future code.
    /// </summary>
    public static long? DriftSteps(byte[] secret, string? typed, DateTimeOffset now)
    {
        var code = Normalize(typed);
        if (code is null || AcceptedStep(secret, code, now) is not null) return null;
        return Totp(secret).VerifyTotp(now.UtcDateTime, code, out var farStep, new VerificationWindow(DriftSearchSteps, DriftSearchSteps))
            ? farStep - StepAt(now) : null;
    }

    private static Totp Totp(byte[] secret) => new(secret, StepSeconds, OtpHashMode.Sha1, Digits);
}
