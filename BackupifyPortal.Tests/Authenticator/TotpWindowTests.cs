using BackupifyPortal.Features.Authenticator;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>The 30-second steps and the ±1 window, checked against an independent RFC 6238 implementation.</summary>
public sealed class TotpWindowTests
{
    private static readonly DateTimeOffset T0 = AuthenticatorTestHost.Start;
    private const string Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static readonly byte[] Secret = RfcTotp.FromBase32(Key);

    [Fact]
    public void Step_At29And30And59Seconds_ChangesOnlyAt30()
    {
        var s = TotpMath.StepAt(T0);
        Assert.Equal(s, TotpMath.StepAt(T0.AddSeconds(29)));
        Assert.Equal(s + 1, TotpMath.StepAt(T0.AddSeconds(30)));
        Assert.Equal(s + 1, TotpMath.StepAt(T0.AddSeconds(59)));
        Assert.Equal(s + 2, TotpMath.StepAt(T0.AddSeconds(60)));
    }

    [Theory]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(59, 1)]
    public void Match_CodeShownAtSecond_MatchesThatStep(int seconds, int expectedStepOffset)
    {
        var now = T0.AddSeconds(seconds);
        Assert.Equal(TotpMath.StepAt(T0) + expectedStepOffset, TotpMath.AcceptedStep(Secret, RfcTotp.CodeAt(Key, now), now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Match_CodeOneStepAway_IsAccepted(int offset)
    {
        var step = TotpMath.StepAt(T0) + offset;
        Assert.Equal(step, TotpMath.AcceptedStep(Secret, RfcTotp.Code(Key, step), T0));
        Assert.Null(TotpMath.DriftSteps(Secret, RfcTotp.Code(Key, step), T0));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void Match_CodeTwoStepsAway_IsRefusedButSeenAsDriftBySetup(int offset)
    {
        var code = RfcTotp.Code(Key, TotpMath.StepAt(T0) + offset);
        Assert.Null(TotpMath.AcceptedStep(Secret, code, T0));
        Assert.Equal(offset, TotpMath.DriftSteps(Secret, code, T0));
    }

    [Fact]
    public void Match_CodeElevenMinutesAway_IsJustWrong()
    {
        var code = RfcTotp.Code(Key, TotpMath.StepAt(T0) + 22);
        Assert.Null(TotpMath.AcceptedStep(Secret, code, T0));
        Assert.Null(TotpMath.DriftSteps(Secret, code, T0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void Match_NotSixDigits_IsWrong(string typed)
    {
        Assert.Null(TotpMath.AcceptedStep(Secret, typed, T0));
        Assert.Null(TotpMath.DriftSteps(Secret, typed, T0));
    }

    [Fact]
    public void Match_CodeTypedWithSpace_IsAccepted()
    {
        var code = RfcTotp.CodeAt(Key, T0);
        Assert.NotNull(TotpMath.AcceptedStep(Secret, code[..3] + " " + code[3..], T0));
    }
}
