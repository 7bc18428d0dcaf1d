using BackupifyPortal.Components.Admin;
using BackupifyPortal.Components.Support;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 8: the consoles show every date as the reader's PersonTime (their zone, named), never in UTC.</summary>
public class ConsoleDatesTests : ConsoleComponentTest
{
    private const string Zone = "Asia/Tokyo";
    // 12:05 UTC is 21:05 in Tokyo (no daylight saving there).
    private static readonly DateTimeOffset At = new(2026, 7, 1, 12, 5, 0, TimeSpan.Zero);
    private const string InReadersZone = "1 Jul 2026, 21:05 (Asia/Tokyo)";
    private const string InUtc = "1 Jul 2026, 12:05 (UTC)";

    [Fact]
    public async Task AuditLogAndAdminConsole_ShowTimesInTheAdminsZone()
    {
        var org = Guid.NewGuid();
        var admin = await AddPersonAsync("admin@org.test", org, "Admin");
        var person = await AddPersonAsync("pat@org.test", org);
        await InZoneAsync(admin.Id);
        await using (var db = Database.CreateDbContext())
        {
            db.AuditEvents.Add(new AuditEvent { Type = AuditEventTypes.SignInSucceeded, UserId = person.Id, Detail = "dated-event", At = At });
            db.Set<TwoFactorProfile>().Add(new TwoFactorProfile { UserId = person.Id, LastSecondFactorAt = At });
            await db.SaveChangesAsync();
        }
        SignIn(admin);
        RenderProviders();

        var log = Render<AuditLogPage>();
        log.WaitForAssertion(() => Assert.Contains("dated-event", log.Markup));
        Assert.Contains(InReadersZone, log.Markup);
        Assert.DoesNotContain(InUtc, log.Markup);

        var console = Render<AdminConsolePage>();
        console.WaitForAssertion(() => Assert.Contains("pat@org.test", console.Markup));
        Assert.Contains(InReadersZone, console.Markup);
        Assert.DoesNotContain("(UTC)", console.Markup);
    }

    [Fact]
    public async Task SupportCard_ShowsEventTimesInTheAgentsZone()
    {
        var support = await AddPersonAsync("agent@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Guid.NewGuid());
        await InZoneAsync(support.Id);
        await using (var db = Database.CreateDbContext())
        {
            db.AuditEvents.Add(new AuditEvent { Type = AuditEventTypes.SignInSucceeded, UserId = customer.Id, Detail = "dated-event", At = At });
            await db.SaveChangesAsync();
        }
        SignIn(support);
        RenderProviders();

        var cut = Render<SupportConsolePage>();
        cut.Find("input[type=email]").Change("pat@org.test");
        cut.Find("main form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("dated-event", cut.Markup));
        Assert.Contains(InReadersZone, cut.FindComponent<SupportCustomerCard>().Markup);
        Assert.DoesNotContain("UTC", cut.FindComponent<SupportCustomerCard>().Markup);
    }

    private async Task InZoneAsync(string userId)
    {
        await using var db = Database.CreateDbContext();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, Zone));
    }
}
