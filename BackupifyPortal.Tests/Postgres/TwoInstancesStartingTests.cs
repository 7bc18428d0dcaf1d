using System.Net;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Postgres;

/// <summary>
/// Two instances of the real app starting at the same moment on one empty PostgreSQL database: both migrate (taking
/// turns), both end ready, and they share one Data Protection key ring, so a cookie one wrote the other reads.
/// </summary>
public class TwoInstancesStartingTests
{
    [Fact]
    public async Task TwoInstances_StartingAtOnceOnAnEmptyDatabase_BothEndReady_WithOneKeyRing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        // No demo people, as on a real site: nothing at start-up touches the key ring but the start-up itself.
        var settings = new Dictionary<string, string?>(database.AppSettings()) { ["Demo:Seed"] = "false" };
        await using var one = new PortalAppFactory(settings: settings);
        await using var two = new PortalAppFactory(settings: settings);

        // Touching Services builds and starts the host: migrations and the key run in each.
        await Task.WhenAll(Task.Run(() => one.Services), Task.Run(() => two.Services));

        foreach (var app in new[] { one, two })
        {
            using var ready = await app.CreateClient().GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());

        var sealedByOne = one.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");
        Assert.Equal("hello", two.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedByOne));
    }

    [Fact]
    public async Task SignInCookie_WrittenByOneInstance_IsReadByTheOther_AfterBothSeededTheDemoPeopleOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        await using var one = new PortalAppFactory(settings: database.AppSettings());
        await using var two = new PortalAppFactory(settings: database.AppSettings());
        await Task.WhenAll(Task.Run(() => one.Services), Task.Run(() => two.Services));
        await using (var db = database.CreateDbContext()) Assert.Equal(DemoPeople.All.Length, await db.Users.CountAsync());

        using var browser = await HttpSignIn.SignInAsync(one, DemoPeople.Partner);
        using var onTwo = two.CreateDefaultClient(browser.Address, new CookieContainerHandler(browser.Cookies));
        using var page = await onTwo.GetAsync("/accounts");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Multi-Account Login", await page.Content.ReadAsStringAsync());
    }
}
