using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 6: "Send setup link to everyone not enrolled" sends one reminder each, within the send limits, to the admin's own organisation only.</summary>
public class SetupReminderTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private ConsoleCast cast = default!;
    private readonly List<PortalUser> people = [];

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        cast = await world.AddCastAsync();
        for (var i = 0; i < 4; i++) people.Add(await world.AddPersonAsync($"p{i}@a.test", world.OrgA));
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    private async Task<ReminderRun> RemindAsync(string ip = "10.0.0.5")
    {
        TestClient.Enter(ip);
        return await world.Get<SetupReminders>().SendToEveryoneNotEnrolledAsync(cast.Admin.Id, await world.SessionAsync(cast.Admin.Id));
    }

    [Fact]
    public async Task Reminders_GoOnceToEachPersonOfTheOrganisationWithoutTwoFactor_SkippingWhoeverHadTheirThree_NeverToOtherOrganisations()
    {
        var other = await world.AddPersonAsync("bo@b.test", world.OrgB);
        for (var i = 0; i < 3; i++)
            Assert.True((await world.Get<SetupLinks>().SendAsync(cast.Admin.Id, await world.SessionAsync(cast.Admin.Id), people[0].Id)).Sent);

        var run = await RemindAsync();

        // Not enrolled in organisation A: the admin and p0..p3; p0 already had the three an hour allows.
        Assert.Equal((4, 1, 0), (run.Sent, run.SkippedRecently, run.SkippedAddressLimit));
        Assert.Equal("Setup links sent: 4. Skipped: 1. 1 already had the most setup links allowed in the last hour.", run.Text);
        foreach (var p in people.Skip(1).Append(cast.Admin)) Assert.Single(await world.EmailsToAsync(p.Email!));
        Assert.Equal(3, (await world.EmailsToAsync(people[0].Email!)).Count);
        Assert.Empty(await world.EmailsToAsync(cast.Customer.Email!)); // enrolled
        Assert.Empty(await world.EmailsToAsync(other.Email!));
        Assert.Empty(await world.EmailsToAsync(cast.OtherAdmin.Email!));
        await using var db = world.Database.CreateDbContext();
        var summary = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.SetupLinksSentToAllNotEnrolled);
        Assert.Equal((cast.Admin.Id, "sent 4, skipped 1", "10.0.0.5"), (summary.UserId, summary.Detail, summary.IpAddress));
    }

    [Fact]
    public async Task Reminders_PastTheAddressLimit_StopAndCountTheRestAsSkipped_WithTheWait()
    {
        world.Get<IOptions<SendLimitOptions>>().Value.SetupLinkPerAddress.Max = 2;

        var run = await RemindAsync();

        Assert.Equal((2, 0, 3), (run.Sent, run.SkippedRecently, run.SkippedAddressLimit));
        Assert.Contains("Setup links sent: 2. Skipped: 3.", run.Text);
        Assert.Contains("the hourly limit of setup links from your address was reached; you can send more in 1 h.", run.Text);
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(2, await db.SetupLinks.CountAsync());
        // One refused try, not one audit row per person left over.
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.SetupLinkThrottled));
    }

    [Fact]
    public async Task Reminders_BySupportByAStaleSessionOrByACustomer_SendNothing()
    {
        var support = await world.Get<SetupReminders>().SendToEveryoneNotEnrolledAsync(cast.Support.Id, await world.SessionAsync(cast.Support.Id));
        var customer = await world.Get<SetupReminders>().SendToEveryoneNotEnrolledAsync(people[0].Id, await world.SessionAsync(people[0].Id));
        var session = await world.SessionAsync(cast.Admin.Id);
        world.Clock.Advance(TimeSpan.FromMinutes(16));
        var stale = await world.Get<SetupReminders>().SendToEveryoneNotEnrolledAsync(cast.Admin.Id, session);

        Assert.All([support, customer, stale], r => Assert.False(r.Allowed));
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(0, await db.SetupLinks.CountAsync());
    }
}
