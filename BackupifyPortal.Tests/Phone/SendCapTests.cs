using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Tests.Phone;

public sealed class SendCapTests
{
    [Fact]
    public async Task Send_OverPerIpCap_IsRefusedForEveryoneFromThatIp()
    {
        await using var host = await PhoneTestHost.StartAsync(new() { ["Phone:MaxSendsPerIpPerWindow"] = "3" });
        TestClient.Enter(PhoneTestHost.Ip);
        for (var i = 0; i < 3; i++)
        {
            var person = await host.AddPersonAsync($"+44740012345{i}");
            Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
        }
        var fourth = await host.AddPersonAsync("+447400123459");
        Assert.Equal(SendCodeStatus.LimitReached, (await host.Codes.SendAsync(new CodeBinding(fourth, CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
        TestClient.Enter("198.51.100.1");
        Assert.Equal(SendCodeStatus.Sent, (await host.Codes.SendAsync(new CodeBinding(fourth, CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
    }

    [Fact]
    public async Task Send_OverGlobalCap_IsRefused()
    {
        await using var host = await PhoneTestHost.StartAsync(new() { ["Phone:MaxSendsTotalPerWindow"] = "2" });
        for (var i = 0; i < 2; i++)
        {
            var person = await host.AddPersonAsync($"+44740012345{i}");
            TestClient.Enter($"198.51.100.{i}");
            await host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "x"), DeliveryChannel.Sms);
        }
        var third = await host.AddPersonAsync("+447400123459");
        TestClient.Enter("198.51.100.9");
        Assert.Equal(SendCodeStatus.LimitReached, (await host.Codes.SendAsync(new CodeBinding(third, CodePurpose.SignIn, "x"), DeliveryChannel.Sms)).Status);
    }

    [Fact]
    public async Task Send_ParallelRequests_OnlyOnePassesTheCooldown()
    {
        await using var host = await PhoneTestHost.StartAsync();
        var person = await host.AddPersonAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "x"), DeliveryChannel.Sms))));
        Assert.Single(results, r => r.Status == SendCodeStatus.Sent);
    }
}
