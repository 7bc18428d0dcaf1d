using BackupifyPortal.Components.Admin;
using BackupifyPortal.Features.Audit;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 6: an admin's console and audit log show their own organisation's people and events, never another's.</summary>
public class OrganisationScopeTests : ConsoleComponentTest
{
    [Fact]
    public async Task AdminConsoleAndAuditLog_ShowOnlyTheOrganisationsPeopleAndTheirEvents()
    {
        Guid org = Guid.NewGuid(), otherOrg = Guid.NewGuid();
        var admin = await AddPersonAsync("admin@org.test", org, "Admin");
        var own = await AddPersonAsync("own@org.test", org);
        var stranger = await AddPersonAsync("stranger@elsewhere.test", otherOrg);
        var otherAdmin = await AddPersonAsync("boss@elsewhere.test", otherOrg, "Admin");
        var audit = Services.GetRequiredService<IAuditLog>();
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, own.Id, "own-person-event", ipAddress: "192.0.2.1");
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, stranger.Id, "stranger-event", ipAddress: "198.51.100.9");
        await audit.WriteAsync(AuditEventTypes.SetupLinkSent, stranger.Id, "stranger-link", otherAdmin.Id, "198.51.100.8");
        await audit.WriteAsync(AuditEventTypes.SignInPasswordFailed, null, "event-of-nobody", ipAddress: "198.51.100.7");
        SignIn(admin);
        RenderProviders();

        var console = Render<AdminConsolePage>();
        var log = Render<AuditLogPage>();

        console.WaitForAssertion(() => Assert.Contains("own@org.test", console.Markup));
        log.WaitForAssertion(() => Assert.Contains("own-person-event", log.Markup));
        foreach (var markup in new[] { console.Markup, log.Markup })
        {
            Assert.DoesNotContain("elsewhere.test", markup);
            Assert.DoesNotContain("stranger-", markup);
            Assert.DoesNotContain("198.51.100.", markup);
            Assert.DoesNotContain("event-of-nobody", markup);
        }
    }
}
