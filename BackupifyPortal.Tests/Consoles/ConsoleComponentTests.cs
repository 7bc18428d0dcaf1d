using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Components.Admin;
using BackupifyPortal.Components.Support;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Support;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BackupifyPortal.Tests.Consoles;

public class ConsoleComponentTests : ConsoleComponentTest
{
    private static readonly Guid Org = Guid.NewGuid();

    [Fact]
    public async Task AdminConsole_Opened_ShowsHeadingSummaryAndOnlyTheOrganisationsPeople()
    {
        var admin = await SeedOrganisationAsync();
        await AddPersonAsync("stranger@elsewhere.test", Guid.NewGuid());
        SignIn(admin);
        RenderProviders();

        var cut = Render<AdminConsolePage>();

        cut.WaitForAssertion(() => Assert.Contains("2 of 4 enrolled", cut.Markup));
        cut.WaitForAssertion(() => Assert.Contains("phone@org.test", cut.Markup));
        Assert.Contains("Two-Factor Enrollment", cut.Find("h1").TextContent);
        Assert.Contains("app@org.test", cut.Markup);
        Assert.Contains("none@org.test", cut.Markup);
        Assert.DoesNotContain("stranger@elsewhere.test", cut.Markup);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Send setup link");
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Reset 2FA");
        Assert.Contains("Require two-factor authentication", cut.Markup);
    }

    [Fact]
    public async Task AdminConsole_FilteredToPhone_ShowsOnlyPeopleWithAVerifiedPhone()
    {
        var admin = await SeedOrganisationAsync();
        SignIn(admin);
        RenderProviders();
        var cut = Render<AdminConsolePage>();
        cut.WaitForAssertion(() => Assert.Contains("app@org.test", cut.Markup));

        var select = cut.FindComponent<MudSelect<string>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("Phone"));

        cut.WaitForAssertion(() => Assert.DoesNotContain("app@org.test", cut.Markup));
        Assert.Contains("phone@org.test", cut.Markup);
        Assert.DoesNotContain("none@org.test", cut.Markup);
    }

    [Fact]
    public async Task SupportConsole_CustomerMovesThroughSetup_LiveStepLineFollows()
    {
        var support = await AddPersonAsync("support@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Org, twoFactor: FactorRows.Phone("", "+14155550142", PhoneState.Pending));
        SignIn(support);
        RenderProviders();
        var cut = Render<SupportConsolePage>();

        cut.Find("input[type=email]").Change("pat@org.test");
        cut.Find("main form").Submit(); // the header holds the Sign Out form
        cut.WaitForAssertion(() => Assert.Contains("Current step: not in setup", cut.Markup));
        Assert.DoesNotContain("4155550142", cut.Markup);
        Assert.Contains("Phone pending", cut.Markup);

        var notifier = Services.GetRequiredService<SetupProgressNotifier>();
        await notifier.PublishAsync(customer.Id, "Choose Your Authenticator: scan the QR code");
        cut.WaitForAssertion(() => Assert.Contains("Current step: Choose Your Authenticator: scan the QR code", cut.Markup), TimeSpan.FromSeconds(1));
        await notifier.PublishAsync(customer.Id, "Choose Your Authenticator: verification code");
        cut.WaitForAssertion(() => Assert.Contains("Current step: Choose Your Authenticator: verification code", cut.Markup), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SupportConsole_LookUpMidSetup_ShowsTheLastStepAtOnce()
    {
        var support = await AddPersonAsync("support@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Org);
        SignIn(support);
        RenderProviders();
        await Services.GetRequiredService<SetupProgressNotifier>().PublishAsync(customer.Id, "Setup wizard: Verify");
        var cut = Render<SupportConsolePage>();

        cut.Find("input[type=email]").Change("pat@org.test");
        cut.Find("main form").Submit(); // the header holds the Sign Out form

        cut.WaitForAssertion(() => Assert.Contains("Current step: Setup wizard: Verify", cut.Markup[cut.Markup.IndexOf("<main")..]));
    }

    private const string ChooseStep = "Choose Your Authenticator — Step 1 of 3: choose your app";

    [Fact]
    public async Task SetupWizard_MethodChosen_SavesProgressAndTellsSupport()
    {
        var customer = await AddPersonAsync("pat@org.test", Org);
        SignIn(customer);
        RenderProviders();
        var cut = Render<SetupWizard>(p => p.Add(w => w.UserId, customer.Id));
        cut.WaitForAssertion(() => Assert.Contains("Authenticator app (recommended)", cut.Markup));

        var radio = cut.FindComponent<MudRadioGroup<string>>();
        await cut.InvokeAsync(() => radio.Instance.ValueChanged.InvokeAsync("app"));
        cut.FindAll("button").First(b => b.TextContent.Trim() == "Continue").Click();

        cut.WaitForAssertion(() => Assert.Contains(">Set up app</h2>", cut.Markup));
        await using var db = Database.CreateDbContext();
        var saved = await db.SetupProgress.SingleAsync(p => p.UserId == customer.Id);
        Assert.Equal((1, "app"), (saved.StepIndex, saved.Method));
        // Support follows on into Choose Your Authenticator's own steps, now part of the page.
        var notifier = Services.GetRequiredService<SetupProgressNotifier>();
        for (var waited = 0; waited < 5_000 && await notifier.LastStepAsync(customer.Id) != ChooseStep; waited += 100) await Task.Delay(100);
        Assert.Equal(ChooseStep, await notifier.LastStepAsync(customer.Id));
    }

    [Fact]
    public async Task SetupWizard_Reopened_ResumesWhereThePersonLeft()
    {
        var customer = await AddPersonAsync("pat@org.test", Org);
        await using (var db = Database.CreateDbContext())
        {
            db.SetupProgress.Add(new SetupProgress { UserId = customer.Id, StepIndex = 1, Method = "phone" });
            await db.SaveChangesAsync();
        }
        SignIn(customer);
        RenderProviders();

        var cut = Render<SetupWizard>(p => p.Add(w => w.UserId, customer.Id));

        cut.WaitForAssertion(() => Assert.Contains(">Set up phone</h2>", cut.Markup));
    }

    [Fact]
    public async Task AdminConsole_OrganisationRequires2faAndTheAdminHasNone_SendsThemToUserSettingsAndShowsNoPeople()
    {
        var admin = await SeedOrganisationAsync();
        await using (var db = Database.CreateDbContext())
            await db.Organizations.Where(o => o.Id == Org).ExecuteUpdateAsync(o => o.SetProperty(x => x.RequireTwoFactor, true));
        SignIn(admin);
        RenderProviders();

        var cut = Render<AdminConsolePage>();

        cut.WaitForAssertion(() => Assert.Contains("Your organisation requires two-factor authentication", cut.Markup));
        Assert.Contains(cut.FindAll("a"), a => a.TextContent.Trim() == "Go to User Settings");
        Assert.DoesNotContain("phone@org.test", cut.Markup);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Reset 2FA");
    }

    [Fact]
    public async Task AdminConsole_ResetTwoFactor_OfferedOnlyInRowsOfPeopleWithAFactor()
    {
        var admin = await SeedOrganisationAsync();
        SignIn(admin);
        RenderProviders();

        var cut = Render<AdminConsolePage>();

        cut.WaitForAssertion(() => Assert.Contains("none@org.test", cut.Markup));
        bool HasReset(string email) => cut.FindAll("tr").Single(r => r.TextContent.Contains(email))
            .QuerySelectorAll("button").Any(b => b.TextContent.Trim() == "Reset 2FA");
        Assert.True(HasReset("phone@org.test"));
        Assert.True(HasReset("app@org.test"));
        Assert.False(HasReset("none@org.test"));
        Assert.False(HasReset("admin@org.test"));
    }

    [Fact]
    public async Task AdminConsole_TurningTheRequirementOn_AsksFirstAndNamesWhoItAffects_CancelKeepsItOff()
    {
        var admin = await SeedOrganisationAsync();
        await AddPersonAsync("stranger@elsewhere.test", Guid.NewGuid());
        SignIn(admin);
        var dialogs = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<AdminConsolePage>();
        cut.WaitForAssertion(() => Assert.Contains("Require two-factor authentication", cut.Markup));

        cut.FindAll("label").First(l => l.TextContent.Contains("Require two-factor authentication")).QuerySelector("input")!.Change(true);

        dialogs.WaitForAssertion(() => Assert.Contains("Require two-factor authentication?", dialogs.Markup));
        Assert.Contains("2 people have no two-factor authentication yet: admin@org.test, none@org.test", dialogs.Markup);
        Assert.DoesNotContain("stranger@elsewhere.test", dialogs.Markup);
        Assert.DoesNotContain("phone@org.test", dialogs.Markup);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Require two-factor authentication?", dialogs.Markup));
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Organizations.Where(o => o.Id == Org).Select(o => o.RequireTwoFactor).SingleAsync());
    }

    private async Task<PortalUser> SeedOrganisationAsync()
    {
        var admin = await AddPersonAsync("admin@org.test", Org, "Admin");
        await AddPersonAsync("phone@org.test", Org, twoFactor: FactorRows.Phone("", "+14155550142", PhoneState.Verified));
        await AddPersonAsync("app@org.test", Org, twoFactor: FactorRows.App("", "Authy", "x"));
        await AddPersonAsync("none@org.test", Org);
        return admin;
    }
}
