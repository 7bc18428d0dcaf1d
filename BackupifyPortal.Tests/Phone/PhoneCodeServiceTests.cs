using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Phone;

public sealed class PhoneCodeServiceTests : IAsyncLifetime
{
    private PhoneTestHost host = default!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        host = await PhoneTestHost.StartAsync();
        userId = await host.AddPersonAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private CodeBinding Attempt(string? id = null) => new(userId, CodePurpose.SignIn, id ?? "attempt-1");

    private async Task<string> SendAsync(CodeBinding? binding = null, DeliveryChannel channel = DeliveryChannel.Sms)
    {
        var result = await host.Codes.SendAsync(binding ?? Attempt(), channel);
        Assert.Equal(SendCodeStatus.Sent, result.Status);
        return host.Sender.LastCode;
    }

    private static string WrongCode(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    [Fact]
    public async Task Code_AtExpiryInstant_IsAccepted()
    {
        var code = await SendAsync(); // 09:50
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
    }

    [Fact]
    public async Task Code_OneMinuteAfterExpiry_IsExpired()
    {
        var code = await SendAsync();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 1, 0, TimeSpan.Zero));
        Assert.Equal(VerifyCodeStatus.Expired, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
    }

    [Fact]
    public async Task Code_UsedTwice_SecondUseFails()
    {
        var code = await SendAsync();
        Assert.Equal(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
        Assert.NotEqual(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
    }

    [Fact]
    public async Task Code_AfterNewerCodeSent_IsVoidAndNewerWorks()
    {
        var older = await SendAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var newer = await SendAsync(channel: DeliveryChannel.Voice);
        Assert.NotEqual(older, newer); // the same six random digits twice: one in a million
        Assert.Equal(VerifyCodeStatus.Wrong, (await host.Codes.VerifyAsync(Attempt(), older)).Status);
        var accepted = await host.Codes.VerifyAsync(Attempt(), newer);
        Assert.Equal(VerifyCodeStatus.Verified, accepted.Status);
        Assert.Equal(DeliveryChannel.Voice, accepted.Channel);
    }

    [Fact]
    public async Task Code_ForOneAttempt_DoesNotWorkForAnother()
    {
        var code = await SendAsync(Attempt("attempt-A"));
        Assert.NotEqual(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt("attempt-B"), code)).Status);
        Assert.NotEqual(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(new CodeBinding(userId, CodePurpose.Reauthentication, "attempt-A"), code)).Status);
        Assert.Equal(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt("attempt-A"), code)).Status);
    }

    [Fact]
    public async Task Code_IsStoredOnlyAsHash()
    {
        var code = await SendAsync();
        await using var db = await host.DbFactory.CreateDbContextAsync();
        var row = await db.OneTimeCodes.SingleAsync();
        Assert.DoesNotContain(code, row.CodeHash);
        Assert.StartsWith("v1.", row.CodeHash);
    }

    [Fact]
    public async Task WrongCodes_FiveInARow_LockOutEvenTheRightCodeWithWaitShown()
    {
        var code = await SendAsync();
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await host.Codes.VerifyAsync(Attempt(), WrongCode(code));
            Assert.Equal(VerifyCodeStatus.Wrong, wrong.Status);
            Assert.Equal(5 - i, wrong.AttemptsLeft);
        }
        var fifth = await host.Codes.VerifyAsync(Attempt(), WrongCode(code));
        Assert.Equal(VerifyCodeStatus.Locked, fifth.Status);
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), fifth.LockedUntil);
        Assert.Equal(VerifyCodeStatus.Locked, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
        Assert.Equal(SendCodeStatus.Locked, (await host.Codes.SendAsync(Attempt(), DeliveryChannel.Sms)).Status);

        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(VerifyCodeStatus.Verified, (await host.Codes.VerifyAsync(Attempt(), code)).Status);
    }

    [Fact]
    public async Task Resend_AfterWrongCodes_KeepsFailureCount()
    {
        var code = await SendAsync();
        for (var i = 0; i < 3; i++) await host.Codes.VerifyAsync(Attempt(), WrongCode(code));
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var fresh = await SendAsync();
        Assert.Equal(1, (await host.Codes.VerifyAsync(Attempt(), WrongCode(fresh))).AttemptsLeft);
        Assert.Equal(VerifyCodeStatus.Locked, (await host.Codes.VerifyAsync(Attempt(), WrongCode(fresh))).Status);
    }

    [Fact]
    public async Task Verify_MalformedInput_DoesNotCountAsFailure()
    {
        await SendAsync();
        Assert.Equal(VerifyCodeStatus.Malformed, (await host.Codes.VerifyAsync(Attempt(), "12a")).Status);
        Assert.Equal(0, (await host.Get<ISecondFactorLockout>().GetAsync(userId)).ConsecutiveFailures);
    }

    [Fact]
    public async Task ParallelVerify_OneCode_ExactlySucceedsOnce()
    {
        var code = await SendAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Codes.VerifyAsync(Attempt(), code))));
        Assert.Single(results, r => r.Status == VerifyCodeStatus.Verified);
    }

    [Fact]
    public async Task Send_WithinCooldown_IsHeldBackUntilServerAnchoredTime()
    {
        await SendAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await host.Codes.SendAsync(Attempt(), DeliveryChannel.Voice);
        Assert.Equal(SendCodeStatus.Cooldown, second.Status);
        Assert.Equal(PhoneTestHost.Start + TimeSpan.FromSeconds(30), second.NextSendAllowedAt);
        // A reload asks the server: the same moment, a live code, nothing new sent.
        var state = await host.Codes.GetStateAsync(Attempt());
        Assert.True(state.HasLiveCode);
        Assert.Equal(PhoneTestHost.Start + TimeSpan.FromSeconds(30), state.NextSendAllowedAt);
        Assert.Single(host.Sender.Messages);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(Attempt(), DeliveryChannel.Voice)).Status);
    }

    [Fact]
    public async Task Send_SixthInAnHourForOnePerson_IsRefusedUntilFirstLeavesWindow()
    {
        for (var i = 0; i < 5; i++) { await SendAsync(Attempt($"a{i}")); host.Clock.Advance(TimeSpan.FromSeconds(31)); }
        var sixth = await host.Codes.SendAsync(Attempt("a5"), DeliveryChannel.Sms);
        Assert.Equal(SendCodeStatus.LimitReached, sixth.Status);
        Assert.Equal(PhoneTestHost.Start + TimeSpan.FromHours(1), sixth.NextSendAllowedAt);
        host.Clock.SetUtcNow(PhoneTestHost.Start + TimeSpan.FromHours(1));
        Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(Attempt("a5"), DeliveryChannel.Sms)).Status);
    }

    [Fact]
    public async Task Send_SixthInAnHourToOneNumber_IsRefusedAcrossPeople()
    {
        var others = new List<string>();
        for (var i = 0; i < 5; i++) others.Add(await host.AddPersonAsync("+447400123456"));
        for (var i = 0; i < 5; i++)
        {
            TestClient.Enter($"198.51.100.{i}");
            Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(new CodeBinding(others[i], CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
        }
        TestClient.Enter("198.51.100.99");
        Assert.Equal(SendCodeStatus.LimitReached, (await host.Codes.SendAsync(Attempt(), DeliveryChannel.Sms)).Status);
    }

    [Fact]
    public async Task Send_FailedByProvider_CountsTowardCapsButNotCooldown()
    {
        host.Sender.NextOutcome = SendOutcome.Failed(SendFailure.NotSmsCapable, "21614");
        var failed = await host.Codes.SendAsync(Attempt(), DeliveryChannel.Sms);
        Assert.Equal(SendCodeStatus.ProviderFailed, failed.Status);
        Assert.Equal(SendFailure.NotSmsCapable, failed.Failure);
        host.Sender.NextOutcome = SendOutcome.Sent;
        Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(Attempt(), DeliveryChannel.Voice)).Status);
        await using var db = await host.DbFactory.CreateDbContextAsync();
        Assert.Equal(2, await db.CodeDeliveries.CountAsync());
    }

    [Fact]
    public async Task Send_ToCountryOutsideAllowList_IsRefused()
    {
        var russian = await host.AddPersonAsync("+74951234567");
        var result = await host.Codes.SendAsync(new CodeBinding(russian, CodePurpose.SignIn, "x"), DeliveryChannel.Sms);
        Assert.Equal(SendCodeStatus.CountryNotAllowed, result.Status);
        Assert.Empty(host.Sender.Messages);
    }

    [Fact]
    public async Task Send_WithoutPhone_IsRefused()
    {
        var nobody = await host.AddPersonAsync(phoneE164: null);
        Assert.Equal(SendCodeStatus.NoPhone, (await host.Codes.SendAsync(new CodeBinding(nobody, CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
    }

    [Fact]
    public async Task Logs_DuringSendAndVerify_NeverHoldCodeOrFullNumber()
    {
        var code = await SendAsync();
        await host.Codes.VerifyAsync(Attempt(), WrongCode(code));
        await host.Codes.VerifyAsync(Attempt(), code);
        Assert.NotEmpty(host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(code) || l.Contains(WrongCode(code)) || l.Contains("7400123456"));
    }
}
