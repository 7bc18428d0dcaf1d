using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>Where a typed code matched: inside the accepted window, only further away (a wrong phone clock), or nowhere.</summary>
public readonly record struct TotpMatch(long? Step, long? DriftSteps)
{
    public static readonly TotpMatch None = new(null, null);
}

/// <summary>RFC 6238 as every authenticator app does it: 30 s steps, 6 digits, HMAC-SHA1.</summary>
public static class TotpMath
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    /// <summary>One step either side absorbs typing time and small clock errors.</summary>
    public const int AcceptWindowSteps = 1;
    /// <summary>±10 minutes: far enough to explain a wrong phone clock, never accepted.</summary>
    public const int DriftSearchSteps = 20;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>Six digits, spaces allowed (apps show "123 456").</summary>
    public static string? Normalize(string? code)
    {
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static TotpMatch Match(byte[] secret, string? typed, DateTimeOffset now)
    {
        var code = Normalize(typed);
        if (code is null) return TotpMatch.None;
        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        if (totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(AcceptWindowSteps, AcceptWindowSteps)))
            return new TotpMatch(step, null);
        if (totp.VerifyTotp(now.UtcDateTime, code, out var farStep, new VerificationWindow(DriftSearchSteps, DriftSearchSteps)))
            return new TotpMatch(null, farStep - StepAt(now));
        return TotpMatch.None;
    }
}
