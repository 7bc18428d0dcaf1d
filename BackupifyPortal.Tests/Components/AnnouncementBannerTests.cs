using BackupifyPortal.Components.Layout;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Announcements;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Components;

public class AnnouncementBannerTests : PortalComponentTest
{
    public AnnouncementBannerTests() => Services.Configure<AnnouncementOptions>(o =>
    {
        o.Id = "drive-eol";
        o.Text = "ALERT: Datto Drive Cloud service is no longer available.";
        o.LinkText = "End-of-life article";
        o.LinkUrl = "/help/datto-drive-end-of-life";
    });

    [Fact]
    public async Task AnnouncementBanner_Visible_IsAStatusWithTextLinkAndCloseButton()
    {
        var (user, _) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);

        var cut = Render<AnnouncementBanner>(p => p.Add(x => x.UserId, user.Id));

        var banner = cut.WaitForElement("[role=status]");
        Assert.Contains("Datto Drive Cloud service is no longer available.", banner.TextContent);
        Assert.Equal("/help/datto-drive-end-of-life", banner.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("End-of-life article", banner.QuerySelector("a")!.TextContent.Trim());
        Assert.NotNull(banner.QuerySelector("button[aria-label='Close']"));
    }

    [Fact]
    public async Task AnnouncementBanner_Closed_DisappearsAndStaysDismissedForThePerson()
    {
        var (user, _) = await SignInPersonAsync("Dana Direct", AccountKind.Backupify2);
        var cut = Render<AnnouncementBanner>(p => p.Add(x => x.UserId, user.Id));

        cut.WaitForElement("button[aria-label='Close']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[role=status]")));
        Assert.False(await Services.GetRequiredService<AnnouncementService>().IsVisibleToAsync(user.Id));
    }
}
