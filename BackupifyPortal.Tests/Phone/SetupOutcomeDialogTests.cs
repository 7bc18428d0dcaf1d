using Bunit;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace BackupifyPortal.Tests.Phone;

/// <summary>Issue 18 item 5: closing the Enable dialog tells support whether the customer finished or abandoned it.</summary>
public sealed class SetupOutcomeDialogTests : PhoneComponentTestContext
{
    private async Task<(IRenderedComponent<IComponent> Provider, IDialogReference Dialog, string UserId)> OpenAsync()
    {
        var userId = await Host.AddPersonAsync(phoneE164: null, locale: "en-GB");
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        var parameters = new DialogParameters<EnableTwoFactorDialog> { { d => d.UserId, userId }, { d => d.SessionId, await Host.SessionAsync(userId) } };
        var dialog = await provider.InvokeAsync(() => dialogs!.ShowAsync<EnableTwoFactorDialog>("Enable Two Factor Authentication", parameters));
        IRenderedComponent<IComponent> cut = provider;
        cut.WaitForAssertion(() => Assert.Contains("Phone number", cut.Markup));
        return (cut, dialog, userId);
    }

    private async Task<SetupProgress?> ProgressAsync(string userId)
    {
        await using var db = await Host.DbFactory.CreateDbContextAsync();
        return await db.SetupProgress.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId);
    }

    private async Task<SetupProgress> OutcomeAsync(string userId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await ProgressAsync(userId) is { Outcome: not null } done) return done;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("The dialog closed but no outcome was saved.");
    }

    [Fact]
    public async Task EnableDialog_Cancelled_IsAbandonedAtTheStepItShowed_AndNotInSetupAnyMore()
    {
        var (cut, dialog, userId) = await OpenAsync();
        Button(cut, "Cancel").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));

        var saved = await OutcomeAsync(userId);

        Assert.Equal("abandoned at Enable Two Factor Authentication — entering country code and phone number", saved.Outcome);
        Assert.Null(saved.CurrentStep);
    }

    [Fact]
    public async Task EnableDialog_NumberSaved_IsFinishedWithTwoFactorOn()
    {
        var (cut, dialog, userId) = await OpenAsync();
        InputLabelled(cut, "Phone number").Change("07400 123456");
        Button(cut, "Enable").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));

        var saved = await OutcomeAsync(userId);

        Assert.Equal("finished: Two Factor Authentication on (phone to verify at the next log in)", saved.Outcome);
    }
}
