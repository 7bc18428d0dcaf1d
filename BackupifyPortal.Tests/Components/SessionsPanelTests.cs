using BackupifyPortal.Features.Operations;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Components;

/// <summary>User Settings lists the person's live sessions, and any other one can be signed out (ASVS 7.5.2).</summary>
public class SessionsPanelTests : PortalComponentTest
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    public SessionsPanelTests()
    {
        AddBunitPersistentComponentState();
    }

    [Fact]
    public async Task Panel_ListsLiveSessionsWithBrowserAndAddress_MarksThisOne_HidesExpiredOnes()
    {
        var (user, _) = await SignInPersonAsync("Sam Sessions", AccountKind.Backupify2);
        await OtherSessionAsync(user.Id, Firefox, "203.0.113.7");
        await OtherSessionAsync(user.Id, IPhone, "198.51.100.4", expired: true);

        var cut = RenderPanel(user);

        cut.WaitForAssertion(() => Assert.Contains("Firefox on Windows", cut.Markup));
        Assert.Contains("203.0.113.7", cut.Markup);
        Assert.DoesNotContain("198.51.100.4", cut.Markup);
        Assert.Contains("This browser", cut.Markup);
        Assert.Contains("You are signed in on 2 browsers", cut.Markup);
        await using var db = Database.CreateDbContext();
        foreach (var id in await db.AuthSessions.Select(s => s.Id).ToListAsync()) Assert.DoesNotContain(id, cut.Markup);
    }

    [Fact]
    public async Task SignOutOneSession_EndsOnlyThatOne()
    {
        var (user, _) = await SignInPersonAsync("Olive One", AccountKind.BackupifyClassic);
        var firefox = await OtherSessionAsync(user.Id, Firefox, "203.0.113.8");
        var phone = await OtherSessionAsync(user.Id, IPhone, "198.51.100.5");
        var cut = RenderPanel(user);

        cut.WaitForAssertion(() => Assert.Contains("Safari on iOS", cut.Markup));
        cut.Find("button[aria-label='Sign out Safari on iOS at 198.51.100.5']").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("Safari on iOS", cut.Markup));
        await using var db = Database.CreateDbContext();
        var left = await db.AuthSessions.Where(s => s.UserId == user.Id).Select(s => s.Id).ToListAsync();
        Assert.Contains(firefox, left);
        Assert.DoesNotContain(phone, left);
        Assert.Equal(2, left.Count);
    }

    [Fact]
    public async Task SignOutOtherSessions_KeepsOnlyThisBrowser()
    {
        var (user, _) = await SignInPersonAsync("Otto Others", AccountKind.PartnerPortal);
        await OtherSessionAsync(user.Id, Firefox, "203.0.113.9");
        await OtherSessionAsync(user.Id, IPhone, "198.51.100.6");
        var cut = RenderPanel(user);

        cut.WaitForAssertion(() => Assert.Contains("You are signed in on 3 browsers", cut.Markup));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Sign out other sessions").Click();

        cut.WaitForAssertion(() => Assert.Contains("You are signed in on 1 browser.", cut.Markup));
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.AuthSessions.CountAsync(s => s.UserId == user.Id));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS")]
    [InlineData(null, "Unknown browser on an unknown system")]
    public void BrowserName_IsRecognisable(string? userAgent, string expected) => Assert.Equal(expected, BrowserName.From(userAgent));

    private IRenderedComponent<SessionsPanel> RenderPanel(PortalUser user)
    {
        RenderProviders();
        return Render<SessionsPanel>(p => p.AddCascadingValue(user));
    }

    private async Task<string> OtherSessionAsync(string userId, string userAgent, string ip, bool expired = false)
    {
        var now = DateTimeOffset.UtcNow;
        var session = new AuthSession
        {
            Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now.AddHours(-1), LastSeenAt = now.AddMinutes(-5),
            ExpiresAt = expired ? now.AddMinutes(-1) : now.AddMinutes(25), VerifiedAt = now.AddHours(-1), IpAddress = ip, UserAgent = userAgent,
        };
        await using var db = Database.CreateDbContext();
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }
}
