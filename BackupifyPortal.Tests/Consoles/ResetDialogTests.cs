using BackupifyPortal.Features.Audit;
using BackupifyPortal.Components.Admin;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BackupifyPortal.Tests.Consoles;

public class ResetDialogTests : ConsoleComponentTest
{
    private static readonly Guid Org = Guid.NewGuid();


    [Fact]
    public async Task ResetDialog_SubmittedWithoutReason_ShowsMessageUnderReasonAndStaysOpen()
    {
        var admin = await AddPersonAsync("admin@org.test", Org, "Admin");
        var customer = await AddPersonAsync("pat@org.test", Org);
        SignIn(admin);
        var provider = Render<MudDialogProvider>();
        RenderProviders();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ResetTwoFactorDialog>("Reset 2FA",
            new DialogParameters<ResetTwoFactorDialog> { { d => d.SubjectId, customer.Id }, { d => d.SubjectEmail, customer.Email! } }));
        provider.WaitForAssertion(() => Assert.Contains("Your password", provider.Markup));
        provider.FindAll("button").Last(b => b.TextContent.Trim() == "Reset 2FA").Click();

        provider.WaitForAssertion(() => Assert.Contains("Enter the reason for the reset", provider.Markup));
        await using var db = Database.CreateDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.TwoFactorReset));
    }

    [Fact]
    public async Task ResetDialog_OpenedBySupport_AsksForTheCustomersCodeNotAPassword()
    {
        var support = await AddPersonAsync("support@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Org);
        SignIn(support);
        var provider = Render<MudDialogProvider>();
        RenderProviders();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ResetTwoFactorDialog>("Reset 2FA",
            new DialogParameters<ResetTwoFactorDialog> { { d => d.SubjectId, customer.Id }, { d => d.SubjectEmail, customer.Email! } }));

        provider.WaitForAssertion(() => Assert.Contains("Confirmation code", provider.Markup));
        Assert.DoesNotContain("Your password", provider.Markup);
        provider.FindAll("button").First(b => b.TextContent.Trim() == "Send confirmation code").Click();
        provider.WaitForAssertion(() => Assert.Contains("Code sent to the customer", provider.Markup));
        await using var db = Database.CreateDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "pat@org.test");
        var code = System.Text.RegularExpressions.Regex.Match(mail.Text, @"\b\d{6}\b").Value;
        Assert.DoesNotContain(code, provider.Markup);
    }

    [Fact]
    public async Task ResetDialog_SendConfirmationCode_OverTheSendLimit_SaysHowLongToWaitBesideIt_AndSendsNoCode()
    {
        var support = await AddPersonAsync("support@corp.test", null, "Support");
        var customer = await AddPersonAsync("pat@org.test", Org);
        var codes = Services.GetRequiredService<IdentityCheckCodes>();
        for (var i = 0; i < 3; i++) Assert.True((await codes.RequestForCustomerAsync(support.Id, customer.Id)).Sent);
        SignIn(support);
        var provider = Render<MudDialogProvider>();
        RenderProviders();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ResetTwoFactorDialog>("Reset 2FA",
            new DialogParameters<ResetTwoFactorDialog> { { d => d.SubjectId, customer.Id }, { d => d.SubjectEmail, customer.Email! } }));
        provider.WaitForAssertion(() => Assert.Contains("Confirmation code", provider.Markup));
        provider.FindAll("button").First(b => b.TextContent.Trim() == "Send confirmation code").Click();

        provider.WaitForAssertion(() => Assert.Contains("Too many confirmation codes were sent. You can send another in", provider.Find(".bp-send-wait").TextContent));
        Assert.DoesNotContain("Code sent to the customer", provider.Markup);
        await using var db = Database.CreateDbContext();
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.To == "pat@org.test"));
    }
}
