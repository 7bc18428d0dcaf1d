using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Consoles;

public class ConsoleUnitTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("plain, text", "\"plain, text\"")]
    public void AuditCsv_Cell_QuotesAndDefusesFormulas(string value, string expected) => Assert.Equal(expected, AuditCsv.Cell(value));

    // The detail comes from the writer itself (the setup dialog's audit line), never a string typed here.
    [Theory]
    [InlineData(90, 90)]
    [InlineData(-120, 120)]
    [InlineData(30, 30)]
    [InlineData(-600, 600)]
    public void ClockDrift_ParseSeconds_ReadsTheAuthenticatorDetail(long written, int expected) => Assert.Equal(expected, ClockDrift.ParseSeconds(ClockDrift.Detail(written)));

    [Theory]
    [InlineData(null)]
    [InlineData("no drift here")]
    [InlineData("code for an already used time step")]
    public void ClockDrift_ParseSeconds_OtherDetails_AreNoDrift(string? detail) => Assert.Null(ClockDrift.ParseSeconds(detail));

    [Fact]
    public void DetailScrubber_FullNumberOrCode_IsMaskedButErrorCodesStay()
    {
        var scrubbed = DetailScrubber.Scrub("sent to +1 415 555 0142, code 123456, twilio 21211");
        Assert.DoesNotContain("555", scrubbed);
        Assert.DoesNotContain("123456", scrubbed);
        Assert.Contains("21211", scrubbed);
    }

    [Fact]
    public async Task Notifier_Publish_ReachesSubscribersOfThatPersonUntilDisposed()
    {
        var notifier = new SetupProgressNotifier(new FakeTimeProvider(), NullLogger<SetupProgressNotifier>.Instance);
        var seen = new List<string>();
        var subscription = notifier.Subscribe("u1", step => { seen.Add(step); return Task.CompletedTask; });
        notifier.Subscribe("u2", _ => throw new InvalidOperationException("other person's subscriber"));

        notifier.Publish("u1", "Choose Your Authenticator");
        notifier.Publish("u2", "Enable");
        subscription.Dispose();
        notifier.Publish("u1", "Verify");

        Assert.Equal(["Choose Your Authenticator"], seen);
        Assert.Equal("Verify", notifier.LastStep("u1"));
    }

    [Fact]
    public void Notifier_LastStep_IsForgottenAfterAnHour()
    {
        var clock = new FakeTimeProvider();
        var notifier = new SetupProgressNotifier(clock, NullLogger<SetupProgressNotifier>.Instance);
        notifier.Publish("u1", "Verify");
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(notifier.LastStep("u1"));
    }

    [Fact]
    public void EnrollmentState_PendingPhone_IsNotEnrolled()
    {
        Assert.Equal(EnrollmentState.PhonePending, EnrollmentDirectory.StateOf(Data.PhoneState.Pending, false));
        Assert.False(EnrollmentState.PhonePending.IsEnrolled());
        Assert.Equal(EnrollmentState.Both, EnrollmentDirectory.StateOf(Data.PhoneState.Verified, true));
    }
}
