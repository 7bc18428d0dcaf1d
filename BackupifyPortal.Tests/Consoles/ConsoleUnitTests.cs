using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Infrastructure;
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
        await using var database = await SqliteTestDatabase.CreateAsync();
        var subscribers = new EventSubscribers(NullLogger<EventSubscribers>.Instance);
        var notifier = Notifier(database, subscribers, new FakeTimeProvider());
        var seen = new List<string>();
        var subscription = notifier.Subscribe("u1", step => { lock (seen) seen.Add(step); return Task.CompletedTask; });
        using var other = notifier.Subscribe("u2", _ => throw new InvalidOperationException("other person's subscriber"));

        await notifier.PublishAsync("u1", "Choose Your Authenticator");
        await notifier.PublishAsync("u2", "Enable");
        await subscribers.DrainAsync();
        subscription.Dispose();
        await notifier.PublishAsync("u1", "Verify");
        await subscribers.DrainAsync();

        Assert.Equal(["Choose Your Authenticator"], seen);
        Assert.Equal("Verify", await notifier.LastStepAsync("u1"));
    }

    [Fact]
    public async Task Notifier_LastStep_ComesFromTheDatabase_SoAnotherInstanceSeesIt_AndIsForgottenAfterAnHour()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var clock = new FakeTimeProvider();
        await Notifier(database, new EventSubscribers(NullLogger<EventSubscribers>.Instance), clock).PublishAsync("u1", "Verify");

        var otherInstance = Notifier(database, new EventSubscribers(NullLogger<EventSubscribers>.Instance), clock);
        Assert.Equal("Verify", await otherInstance.LastStepAsync("u1"));
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await otherInstance.LastStepAsync("u1"));
    }

    private static SetupProgressNotifier Notifier(SqliteTestDatabase database, EventSubscribers subscribers, TimeProvider clock) =>
        new(database, new InProcessEvents(subscribers), clock, NullLogger<SetupProgressNotifier>.Instance);

    [Fact]
    public void EnrollmentState_PendingPhone_IsNotEnrolled()
    {
        Assert.Equal(EnrollmentState.PhonePending, EnrollmentDirectory.StateOf(Data.PhoneState.Pending, false));
        Assert.False(EnrollmentState.PhonePending.IsEnrolled());
        Assert.Equal(EnrollmentState.Both, EnrollmentDirectory.StateOf(Data.PhoneState.Verified, true));
    }
}
