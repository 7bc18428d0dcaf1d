using Bunit;
using BackupifyPortal.Components.SignIn;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components;
using BackupifyPortal.Features.SignIn;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Phone;

public sealed class PhoneCodeStepTests : PhoneComponentTestContext
{
    private readonly List<SignInHandoff> handoffs = [];

    private async Task<SignInAttempt> AttemptAsync(PhoneState state = PhoneState.Verified, DeliveryChannel channel = DeliveryChannel.Sms)
    {
        var userId = await Host.AddPersonAsync("+447400123456", state, channel);
        var attempts = Host.Get<ISignInAttempts>();
        var id = await attempts.StartAsync(userId, "browser-a", null);
        return (await attempts.FindOpenAsync(id, "browser-a"))!;
    }

    private async Task<SignInAttempt> ReloadAsync(SignInAttempt attempt)
    {
        await using var db = await Host.DbFactory.CreateDbContextAsync();
        return await db.SignInAttempts.AsNoTracking().SingleAsync(a => a.Id == attempt.Id);
    }

    private async Task<List<string>> EmailsToAsync(string userId)
    {
        await using var db = await Host.DbFactory.CreateDbContextAsync();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync();
        return await db.OutboxMessages.Where(m => m.To == email).Select(m => m.Text).ToListAsync();
    }

    private IRenderedComponent<IComponent> RenderStep(SignInAttempt attempt, PhoneStepMode mode = PhoneStepMode.LogIn)
    {
        IRenderedComponent<IComponent> cut = Render<PhoneCodeStep>(p => p
            .Add(x => x.Attempt, attempt)
            .Add(x => x.Mode, mode)
            .Add(x => x.OnDone, EventCallback.Factory.Create<SignInHandoff>(this, handoffs.Add)));
        return cut;
    }

    private static void Submit(IRenderedComponent<IComponent> cut, string code)
    {
        InputLabelled(cut, "Verification code").Change(code);
        Button(cut, "Submit").Click();
    }

    private static string Wrong(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    [Fact]
    public async Task PhoneCodeStep_FirstRender_SendsBySmsAndShowsMaskedNumberAndCountdown()
    {
        var cut = RenderStep(await AttemptAsync());
        cut.WaitForAssertion(() => Assert.Contains("You can request a new code in 30 s.", cut.Markup));
        Assert.Contains("text message to ••• ••• ••56", cut.Markup);
        Assert.DoesNotContain("7400123456", cut.Markup);
        Assert.Single(Host.Sender.Messages);
        Assert.True(Button(cut, "SMS").HasAttribute("disabled"));
        Assert.True(Button(cut, "Phone Call").HasAttribute("disabled"));
        var field = InputLabelled(cut, "Verification code");
        Assert.Equal("numeric", field.GetAttribute("inputmode"));
        Assert.Equal("one-time-code", field.GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task PhoneCodeStep_ClockTicks_CountdownFollowsAndButtonsEnableAtZero()
    {
        var cut = RenderStep(await AttemptAsync());
        cut.WaitForAssertion(() => Assert.Contains("in 30 s.", cut.Markup));
        Host.Clock.Advance(TimeSpan.FromSeconds(3));
        cut.WaitForAssertion(() => Assert.Contains("You can request a new code in 27 s.", cut.Markup));
        Host.Clock.Advance(TimeSpan.FromSeconds(27));
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Phone Call").HasAttribute("disabled")));
        Button(cut, "Phone Call").Click();
        cut.WaitForAssertion(() => Assert.Contains("We're calling ••• ••• ••56", cut.Markup));
        Assert.Equal(DeliveryChannel.Voice, Host.Sender.Messages.Last().Channel);
    }

    [Fact]
    public async Task PhoneCodeStep_Reload_SendsNothingNewAndKeepsServerCountdown()
    {
        var attempt = await AttemptAsync();
        var first = RenderStep(attempt);
        first.WaitForAssertion(() => Assert.Contains("in 30 s.", first.Markup));
        Host.Clock.Advance(TimeSpan.FromSeconds(12));
        var reloaded = RenderStep(attempt);
        reloaded.WaitForAssertion(() => Assert.Contains("You can request a new code in 18 s.", reloaded.Markup));
        Assert.Single(Host.Sender.Messages);
    }

    [Fact]
    public async Task PhoneCodeStep_LandlineNumber_FirstCodeGoesByVoice()
    {
        var cut = RenderStep(await AttemptAsync(channel: DeliveryChannel.Voice));
        cut.WaitForAssertion(() => Assert.Contains("We're calling", cut.Markup));
        Assert.Equal(DeliveryChannel.Voice, Assert.Single(Host.Sender.Messages).Channel);
    }

    [Fact]
    public async Task PhoneCodeStep_WrongCode_ShowsAttemptsLeft()
    {
        var cut = RenderStep(await AttemptAsync());
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));
        Submit(cut, Wrong(Host.Sender.LastCode));
        cut.WaitForAssertion(() => Assert.Contains("That code isn't right. 4 attempts left before a short lockout.", cut.Markup));
        Assert.Empty(handoffs);
    }

    [Fact]
    public async Task PhoneCodeStep_FiveWrongCodes_ShowLockoutWait()
    {
        var cut = RenderStep(await AttemptAsync());
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));
        var wrong = Wrong(Host.Sender.LastCode);
        for (var i = 0; i < 5; i++)
        {
            Submit(cut, wrong);
            var expected = i < 4 ? $"{4 - i} attempt" : "Too many wrong codes.";
            cut.WaitForAssertion(() => Assert.Contains(expected, cut.Markup));
        }
        Host.Clock.Advance(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Contains("Too many wrong codes. Try again in 4 min 50 s.", cut.Markup));
        Assert.True(Button(cut, "Submit").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PhoneCodeStep_RightCodeInVerification_VerifiesPhoneRecordsSmsAndEmailsTheOwner()
    {
        var attempt = await AttemptAsync(PhoneState.Pending);
        var cut = RenderStep(attempt, PhoneStepMode.Verification);
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));
        Submit(cut, Host.Sender.LastCode);
        cut.WaitForAssertion(() => Assert.NotNull(Assert.Single(handoffs).Ticket));
        Assert.Equal(PhoneState.Verified, (await Host.ProfileAsync(attempt.UserId))!.PhoneState);
        Assert.Equal(SignInFactors.SmsCode, (await ReloadAsync(attempt)).FactorPassed);
        Assert.Contains(await EmailsToAsync(attempt.UserId), m => m.StartsWith("Your two-factor authentication changed") && m.Contains("is verified") && m.Contains("••56"));
    }

    [Fact]
    public async Task PhoneCodeStep_RightCodeForVerifiedPhone_SendsNoPhoneVerifiedNotice()
    {
        var attempt = await AttemptAsync(PhoneState.Verified);
        var cut = RenderStep(attempt);
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));
        Submit(cut, Host.Sender.LastCode);
        cut.WaitForAssertion(() => Assert.NotNull(Assert.Single(handoffs).Ticket));
        Assert.Empty(await EmailsToAsync(attempt.UserId));
    }

    [Fact]
    public async Task PhoneCodeStep_OnlyANeverVerifiedNumber_LetsThePersonContinueAndEmailsTheOwner()
    {
        var attempt = await AttemptAsync(PhoneState.Pending);
        var cut = RenderStep(attempt, PhoneStepMode.Verification);
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));

        Button(cut, "Wrong number? Continue without verifying").Click();

        cut.WaitForAssertion(() => Assert.NotNull(Assert.Single(handoffs).Ticket));
        Assert.Equal(SignInFactors.NoneUnverifiedPhone, (await ReloadAsync(attempt)).FactorPassed);
        Assert.Equal(PhoneState.Pending, (await Host.ProfileAsync(attempt.UserId))!.PhoneState);
        Assert.Contains(await EmailsToAsync(attempt.UserId), m => m.StartsWith("You signed in without verifying your phone number"));
    }

    [Fact]
    public async Task PhoneCodeStep_VerifiedPhone_NeverOffersContinueWithoutVerifying()
    {
        var cut = RenderStep(await AttemptAsync(PhoneState.Verified));
        cut.WaitForAssertion(() => Assert.Single(Host.Sender.Messages));
        Assert.DoesNotContain("Continue without verifying", cut.Markup);
    }

    [Fact]
    public async Task PhoneCodeStep_ProviderSaysNotSmsCapable_OffersPhoneCall()
    {
        Host.Sender.NextOutcome = Features.Phone.SendOutcome.Failed(Features.Phone.SendFailure.NotSmsCapable, "21614");
        var cut = RenderStep(await AttemptAsync());
        cut.WaitForAssertion(() => Assert.Contains("can't receive text messages. Choose Phone Call", cut.Markup));
        Assert.False(Button(cut, "Phone Call").HasAttribute("disabled"));
    }
}
