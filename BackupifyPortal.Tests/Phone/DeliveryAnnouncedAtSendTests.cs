using BackupifyPortal.Data;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Phone;

/// <summary>Issue 18 item 5: a code sent to a customer is announced at once, so support's open card shows it before Twilio's first callback.</summary>
public sealed class DeliveryAnnouncedAtSendTests
{
    private static async Task<List<(string UserId, DeliveryStatus? Status)>> SendAndWatchAsync(PhoneTestHost host, string person, string bystander)
    {
        var heard = new List<(string, DeliveryStatus?)>();
        var events = host.Get<IPortalEvents>();
        async Task Record(CodeDeliveryChanged e)
        {
            // What the card reads when it hears the event: the delivery must already carry its outcome.
            await using var db = await host.DbFactory.CreateDbContextAsync();
            var status = await db.CodeDeliveries.AsNoTracking().Where(d => d.UserId == e.UserId).Select(d => (DeliveryStatus?)d.Status).SingleOrDefaultAsync();
            lock (heard) heard.Add((e.UserId, status));
        }
        using var watchPerson = events.Subscribe<CodeDeliveryChanged>(person, Record);
        using var watchBystander = events.Subscribe<CodeDeliveryChanged>(bystander, Record);

        await host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "a"), DeliveryChannel.Sms);

        for (var i = 0; i < 100 && heard.Count == 0; i++) await Task.Delay(50);
        await Task.Delay(100); // room for a wrong second announcement
        lock (heard) return [.. heard];
    }

    [Fact]
    public async Task ASentCode_IsAnnouncedForThatCustomerOnly_WithItsStatusAlreadySaved()
    {
        await using var host = await PhoneTestHost.StartAsync(realSender: true);
        var person = await host.AddPersonAsync();
        var bystander = await host.AddPersonAsync("+447400999888");

        var heard = await SendAndWatchAsync(host, person, bystander);

        var (userId, status) = Assert.Single(heard);
        Assert.Equal(person, userId);
        Assert.Equal(DeliveryStatus.Delivered, status); // the development outbox marks its messages delivered
    }

    [Fact]
    public async Task AFailedSend_IsAnnouncedToo()
    {
        await using var host = await PhoneTestHost.StartAsync();
        host.Sender.NextOutcome = SendOutcome.Failed(SendFailure.ProviderUnavailable, "http-503");
        var person = await host.AddPersonAsync();
        var bystander = await host.AddPersonAsync("+447400999888");

        var heard = await SendAndWatchAsync(host, person, bystander);

        Assert.Equal(person, Assert.Single(heard).UserId);
    }
}
