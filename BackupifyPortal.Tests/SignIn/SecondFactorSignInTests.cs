using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Authenticator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.SignIn;

/// <summary>
/// The sign-in state machine: password passed (open attempt) → factor passed (recorded) → ticket, as an attacker
/// holding only the password, or a person with a mistyped number, meets it.
/// </summary>
public sealed class SecondFactorSignInTests : IAsyncLifetime
{
    private const string Browser = "browser-a";
    private AuthenticatorTestHost host = default!;
    private string key = "";
    private IReadOnlyList<string> recoveryCodes = [];

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        (key, recoveryCodes) = await host.EnrollAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private SecondFactorSignIn SignIn => host.SignIn;
    private string RightCode => RfcTotp.CodeAt(key, host.Clock.GetUtcNow());
    private string WrongCode => RightCode == "000000" ? "111111" : "000000";

    private async Task<int> TicketCountAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.SignInTickets.CountAsync();
    }

    private async Task SetPhoneAsync(PhoneState state)
    {
        await using var db = await host.Db.CreateDbContextAsync();
        db.Factors.Add(BackupifyPortal.Tests.TwoFactor.FactorRows.Phone(host.UserId, "+447400123456", state));
        await db.SaveChangesAsync();
    }

    private async Task RemoveAppAndRecoveryCodesAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        await db.Factors.Where(f => f.UserId == host.UserId && f.Kind == FactorKind.AuthenticatorApp).ExecuteDeleteAsync();
        await db.RecoveryCodes.Where(c => c.UserId == host.UserId).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task AppCode_Right_RecordsTheFactorAndIssuesATicketThatSignsInWithIt()
    {
        var attempt = await host.StartAttemptAsync(Browser);

        var result = await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, RightCode, rememberBrowser: true);

        Assert.Equal(SecondFactorStatus.SignedIn, result.Status);
        var recorded = await host.LoadAttemptAsync(attempt.Id);
        Assert.Equal(SignInFactors.AuthenticatorApp, recorded.FactorPassed);
        Assert.NotNull(recorded.CompletedAt);
        var ticket = await host.Services.GetRequiredService<ISignInTickets>().RedeemAsync(result.Ticket!, Browser);
        Assert.Equal(("pwd+otp", true, host.UserId), (ticket!.Method, ticket.RememberBrowser, ticket.UserId));
    }

    [Fact]
    public async Task WrongCodes_OfEveryFactor_NeverYieldATicketAndLeaveTheAttemptWithoutAFactor()
    {
        await SetPhoneAsync(PhoneState.Verified);
        var attempt = await host.StartAttemptAsync(Browser);
        var sent = await SignIn.SendPhoneCodeAsync(attempt, DeliveryChannel.Sms);
        Assert.Equal(SendCodeStatus.Sent, sent.Status);
        var smsCode = await LatestSmsCodeAsync();

        var app = await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, WrongCode, false);
        var recovery = await SignIn.VerifyRecoveryCodeAsync(attempt.Id, Browser, "AAAAA-BBBBB-CCCCC-DDDDD", false);
        var phone = await SignIn.VerifyPhoneCodeAsync(attempt.Id, Browser, smsCode == "000000" ? "111111" : "000000", false);

        Assert.All(new[] { app.Status, recovery.Status, phone.Status }, s => Assert.Equal(SecondFactorStatus.Refused, s));
        Assert.All(new[] { app.Ticket, recovery.Ticket, phone.Ticket }, Assert.Null);
        Assert.Equal(0, await TicketCountAsync());
        var recorded = await host.LoadAttemptAsync(attempt.Id);
        Assert.Null(recorded.FactorPassed);
        Assert.Null(recorded.CompletedAt);
    }

    [Fact]
    public async Task AttemptOfAnotherBrowser_RightCode_GetsNoTicketAndTheCodeIsNotSpent()
    {
        var attempt = await host.StartAttemptAsync(Browser);
        var code = RightCode;

        var stolen = await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, "browser-b", code, false);

        Assert.Equal((SecondFactorStatus.AttemptClosed, (string?)null), (stolen.Status, stolen.Ticket));
        Assert.Equal(0, await TicketCountAsync());
        Assert.Equal(SecondFactorStatus.SignedIn, (await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, code, false)).Status);
    }

    [Fact]
    public async Task CompletedAttempt_AnotherRightFactor_GetsNoSecondTicket()
    {
        var attempt = await host.StartAttemptAsync(Browser);
        Assert.Equal(SecondFactorStatus.SignedIn, (await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, RightCode, false)).Status);

        var again = await SignIn.VerifyRecoveryCodeAsync(attempt.Id, Browser, recoveryCodes[0], false);

        Assert.Equal(SecondFactorStatus.AttemptClosed, again.Status);
        Assert.Null(again.Ticket);
        Assert.Equal(1, await TicketCountAsync());
        Assert.Equal(SignInFactors.AuthenticatorApp, (await host.LoadAttemptAsync(attempt.Id)).FactorPassed);
    }

    [Fact]
    public async Task TwoRightFactorsAtOnce_ExactlyOneTicket()
    {
        var attempt = await host.StartAttemptAsync(Browser);
        var app = Task.Run(() => SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, RightCode, false));
        var recovery = Task.Run(() => SignIn.VerifyRecoveryCodeAsync(attempt.Id, Browser, recoveryCodes[1], false));
        var (byApp, byRecovery) = (await app, await recovery);

        Assert.Single(new[] { byApp.Status, byRecovery.Status }, s => s == SecondFactorStatus.SignedIn);
        Assert.Equal(1, await TicketCountAsync());
        var factor = (await host.LoadAttemptAsync(attempt.Id)).FactorPassed;
        Assert.Equal(byApp.Status == SecondFactorStatus.SignedIn ? SignInFactors.AuthenticatorApp : SignInFactors.RecoveryCode, factor);
    }

    [Fact]
    public async Task FiveParallelWrongCodes_TheRightCodeNextIsRefusedWithTheFiveMinuteWait_AndAcceptedAfterIt()
    {
        var attempt = await host.StartAttemptAsync(Browser);
        var wrong = WrongCode;

        // Exactly the lockout threshold, all at once: one lost count and the next right code would get in.
        var tries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, wrong, false))));
        var right = await SignIn.VerifyAuthenticatorCodeAsync(attempt.Id, Browser, RightCode, false);

        Assert.All(tries, t => Assert.Equal(SecondFactorStatus.Refused, t.Status));
        Assert.Equal((SecondFactorStatus.Refused, (string?)null), (right.Status, right.Ticket));
        // What the Two Factor Log In step shows under the field.
        Assert.Equal("Too many wrong codes. Wait 5 minutes and try again.", AuthenticatorMessages.For(right.Check!, host.Clock.GetUtcNow()));
        Assert.Equal(0, await TicketCountAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await host.StartAttemptAsync(Browser);
        Assert.Equal(SecondFactorStatus.SignedIn, (await SignIn.VerifyAuthenticatorCodeAsync(later.Id, Browser, RightCode, false)).Status);
    }

    [Fact]
    public void Attempts_OfferNoWayToCompleteWithoutAVerifiedFactor()
    {
        // The only completion is inside SecondFactorSignIn, after a factor passed; the attempt store can only start and find.
        Assert.Equal(["FindOpenAsync", "StartAsync"], typeof(ISignInAttempts).GetMethods().Select(m => m.Name).Order());
        Assert.Equal(["FindOpenAsync", "StartAsync"], typeof(SignInAttempts).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly).Select(m => m.Name).Order());
    }

    [Fact]
    public async Task RecoveryCode_Right_RecordsRecoveryAndEmailsTheOwner()
    {
        var attempt = await host.StartAttemptAsync(Browser);

        var result = await SignIn.VerifyRecoveryCodeAsync(attempt.Id, Browser, recoveryCodes[3], false);

        Assert.Equal(SecondFactorStatus.SignedIn, result.Status);
        Assert.Equal(SignInFactors.RecoveryCode, (await host.LoadAttemptAsync(attempt.Id)).FactorPassed);
        Assert.Contains(await host.EmailsAsync(), m => m.StartsWith("Your two-factor authentication changed") && m.Contains("A recovery code was used to log in"));
    }

    [Fact]
    public async Task OnlyANeverVerifiedNumber_ContinueWithoutVerifying_SignsInWithPasswordOnlyAndEmailsTheOwner()
    {
        await RemoveAppAndRecoveryCodesAsync();
        await SetPhoneAsync(PhoneState.Pending);
        var attempt = await host.StartAttemptAsync(Browser);

        var result = await SignIn.ContinueWithoutVerifyingAsync(attempt.Id, Browser);

        Assert.Equal(SecondFactorStatus.SignedIn, result.Status);
        Assert.Equal(SignInFactors.NoneUnverifiedPhone, (await host.LoadAttemptAsync(attempt.Id)).FactorPassed);
        var ticket = await host.Services.GetRequiredService<ISignInTickets>().RedeemAsync(result.Ticket!, Browser);
        Assert.Equal(("pwd", false), (ticket!.Method, ticket.RememberBrowser));
        Assert.Contains(await host.EmailsAsync(), m => m.StartsWith("You signed in without verifying your phone number"));
    }

    [Theory]
    [InlineData(PhoneState.Verified, false)] // a verified phone
    [InlineData(PhoneState.Pending, true)]   // a pending phone beside a working app and its recovery codes
    public async Task PersonWithAVerifiedFactor_CannotContinueWithoutVerifying(PhoneState phone, bool keepApp)
    {
        if (!keepApp) await RemoveAppAndRecoveryCodesAsync();
        await SetPhoneAsync(phone);
        var attempt = await host.StartAttemptAsync(Browser);

        var result = await SignIn.ContinueWithoutVerifyingAsync(attempt.Id, Browser);

        Assert.False(await SignIn.MayContinueWithoutVerifyingAsync(host.UserId));
        Assert.Equal((SecondFactorStatus.Refused, (string?)null), (result.Status, result.Ticket));
        Assert.Equal(0, await TicketCountAsync());
        Assert.Null((await host.LoadAttemptAsync(attempt.Id)).CompletedAt);
    }

    private async Task<string> LatestSmsCodeAsync()
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var text = await db.OutboxMessages.Where(m => m.To == "+447400123456").OrderByDescending(m => m.Id).Select(m => m.Text).FirstAsync();
        return Regex.Match(text, @"\d{3}\s?\d{3}").Value.Replace(" ", "");
    }
}
