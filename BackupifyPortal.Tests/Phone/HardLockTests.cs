using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Tests.Phone;

public sealed class HardLockTests
{
    [Fact]
    public async Task WrongCodes_HundredInARow_HardLockThatTimeAndNewCodesDoNotLift()
    {
        // Caps raised only so a fresh code can follow each 5-minute lockout; the failure rules are the defaults.
        await using var host = await PhoneTestHost.StartAsync(new()
        {
            ["Phone:MaxSendsPerPersonPerWindow"] = "100", ["Phone:MaxSendsPerNumberPerWindow"] = "100",
        });
        var person = await host.AddPersonAsync();
        var attempt = new CodeBinding(person, CodePurpose.SignIn, "attempt");
        VerifyCodeResult last = default!;
        for (var round = 0; round < 20; round++)
        {
            Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(attempt, DeliveryChannel.Sms)).Status);
            var wrong = ((int.Parse(host.Sender.LastCode) + 1) % 1_000_000).ToString("D6");
            for (var i = 0; i < 5; i++) last = await host.Codes.VerifyAsync(attempt, wrong);
            Assert.Equal(VerifyCodeStatus.Locked, last.Status);
            Assert.Equal(round == 19, last.HardLocked);
            host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        }
        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(SendCodeStatus.Locked, (await host.Codes.SendAsync(attempt, DeliveryChannel.Sms)).Status);
        var code = host.Sender.LastCode;
        var afterDays = await host.Codes.VerifyAsync(attempt, code);
        Assert.Equal(VerifyCodeStatus.Locked, afterDays.Status);
        Assert.True(afterDays.HardLocked);
    }
}
