using BackupifyPortal.Components.Admin;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Tests.Consoles;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Limits;

/// <summary>The admin console shows Unlock only on the row of a person who is waiting, and the button unlocks them.</summary>
public class UnlockButtonTests : ConsoleComponentTest
{
    private static readonly Guid Org = Guid.NewGuid();

    [Fact]
    public async Task AdminConsole_PersonWaiting_HasAnUnlockAction_ThatEndsTheWait()
    {
        var admin = await AddPersonAsync("admin@unlock.test", Org, "Admin");
        var waiting = await AddPersonAsync("waiting@unlock.test", Org);
        await AddPersonAsync("fine@unlock.test", Org);
        await using (var db = Database.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.AttemptCounters.Add(new AttemptCounter { Kind = CounterKinds.PasswordAccount, Key = CounterKinds.Account(waiting.Id), Count = 7, WindowStart = now, BlockedUntil = now.AddHours(1), UpdatedAt = now });
            await db.SaveChangesAsync();
        }
        SignIn(admin);
        RenderProviders();

        var cut = Render<AdminConsolePage>();

        cut.WaitForAssertion(() => Assert.Contains("waiting@unlock.test", cut.Markup));
        var unlock = Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Unlock");
        Assert.Contains("waiting@unlock.test", unlock.Closest("tr")!.TextContent);
        unlock.Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Unlock"));
        await using var after = Database.CreateDbContext();
        Assert.False(await after.AttemptCounters.AnyAsync(c => c.Key == CounterKinds.Account(waiting.Id)));
    }
}
