using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Components.Support;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Features.TwoFactor;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 5: support's open customer card follows the customer live, through the event bus.</summary>
public class SupportCardLiveTests : ConsoleComponentTest
{
    private static readonly Guid Org = Guid.NewGuid();

    private async Task<(IRenderedComponent<SupportConsolePage> Cut, PortalUser Customer)> LookUpAsync()
    {
        var support = await AddPersonAsync("support@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Org);
        SignIn(support);
        RenderProviders();
        var cut = Render<SupportConsolePage>();
        cut.Find("input[type=email]").Change("pat@org.test");
        cut.Find("main form").Submit(); // the header holds the Sign Out form
        cut.WaitForAssertion(() => Assert.Contains("Current step: not in setup", cut.Markup));
        return (cut, customer);
    }

    private SetupProgressNotifier Notifier => Services.GetRequiredService<SetupProgressNotifier>();

    [Fact]
    public async Task CustomerTurnsTheAppOn_TheOpenCardRefreshes_AndSaysFinished()
    {
        var (cut, customer) = await LookUpAsync();
        Assert.DoesNotContain("Authy", cut.Markup);
        await Notifier.BeginAsync(customer.Id, "Choose Your Authenticator — Step 2 of 3: scan the QR code and type the code");
        cut.WaitForAssertion(() => Assert.Contains("Current step: Choose Your Authenticator — Step 2 of 3", cut.Markup));

        // What the authenticator service commits when the code is right: the app's row, through the one factor-change tail.
        var changes = Services.GetRequiredService<FactorChanges>();
        var change = new FactorChange(customer.Id, AuditEventTypes.AuthenticatorEnabled, "Authy", Notice: null, TwoFactorEnabled: true);
        await using (var db = Database.CreateDbContext())
        {
            db.Factors.Add(FactorRows.App(customer.Id, "Authy", "x"));
            var recorded = await changes.StageAsync(db, change, default);
            await db.SaveChangesAsync();
            await changes.AnnounceAsync(db, recorded, change, default);
        }

        // The card hears it from the change itself, before the dialog closes.
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Last setup: finished: Authenticator App on", cut.Markup);
            Assert.Contains("Authy", cut.Markup); // the card re-read the customer, not only the line
            Assert.Contains("Current step: not in setup", cut.Markup);
        }, TimeSpan.FromSeconds(2));
        await Notifier.EndAsync(customer.Id, "Choose Your Authenticator");
        Assert.Contains("Last setup: finished: Authenticator App on", cut.Markup);
    }

    [Fact]
    public async Task CustomerClosesTheDialogHalfWay_TheOpenCardSaysAbandonedAndWhere()
    {
        var (cut, customer) = await LookUpAsync();
        await Notifier.BeginAsync(customer.Id, "Choose Your Authenticator — Step 1 of 3: choose your app");

        await Notifier.EndAsync(customer.Id, "Choose Your Authenticator");

        // Two notices (the step ended, the setup's outcome) each re-render the card: wait for both lines.
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Last setup: abandoned at Choose Your Authenticator — Step 1 of 3: choose your app", cut.Markup);
            Assert.Contains("Current step: not in setup", cut.Markup);
        }, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task DeliveryStatusComesIn_TheOpenCardShowsItInPlainWords()
    {
        var (cut, customer) = await LookUpAsync();
        Assert.Contains("No codes sent yet.", cut.Markup);

        await using (var db = Database.CreateDbContext())
        {
            db.CodeDeliveries.Add(new CodeDelivery
            {
                UserId = customer.Id, PhoneHash = "h", Channel = DeliveryChannel.Sms, SentAt = DateTimeOffset.UtcNow, Succeeded = true,
                ProviderSid = "SM1", Status = DeliveryStatus.Undelivered, StatusErrorCode = "30005",
            });
            await db.SaveChangesAsync();
        }
        await Services.GetRequiredService<IPortalEvents>().PublishAsync(new CodeDeliveryChanged(customer.Id));

        cut.WaitForAssertion(() => Assert.Contains("Not delivered: the number does not exist or is no longer in service (Twilio 30005)", cut.Markup), TimeSpan.FromSeconds(2));
    }
}
