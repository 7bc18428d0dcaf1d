using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Tests.Phone;

/// <summary>Issue 18 item 5: each of Twilio's statuses and error codes reads, on support's card, as what happened.</summary>
public class DeliveryStatusWordsTests
{
    [Theory]
    [InlineData("MessageStatus", "delivered", null, "Sms", "Delivered")]
    [InlineData("MessageStatus", "sent", null, "Sms", "Sent, waiting for the carrier")]
    [InlineData("MessageStatus", "undelivered", "30003", "Sms", "Not delivered: the phone is switched off or out of signal (Twilio 30003)")]
    [InlineData("MessageStatus", "undelivered", "30005", "Sms", "Not delivered: the number does not exist or is no longer in service (Twilio 30005)")]
    [InlineData("MessageStatus", "undelivered", "30006", "Sms", "Not delivered: the number is a landline or its carrier cannot take texts; a phone call would work (Twilio 30006)")]
    [InlineData("MessageStatus", "failed", "30007", "Sms", "Not delivered: the carrier filtered the message as spam (Twilio 30007)")]
    [InlineData("MessageStatus", "failed", "39999", "Sms", "Not delivered: Twilio error 39999")]
    [InlineData("MessageStatus", "undelivered", null, "Sms", "Not delivered: no reason given")]
    [InlineData("CallStatus", "completed", null, "Voice", "Answered: the code was read out")]
    [InlineData("CallStatus", "ringing", null, "Voice", "Calling, no answer yet")]
    [InlineData("CallStatus", "no-answer", null, "Voice", "Not delivered: nobody answered the call")]
    [InlineData("CallStatus", "busy", null, "Voice", "Not delivered: the line was busy")]
    public void TwilioCallback_ReadsAsPlainWords(string field, string status, string? errorCode, string channel, string expected)
    {
        var form = new Dictionary<string, string> { [field] = status };
        if (errorCode is not null) form["ErrorCode"] = errorCode;

        var (mapped, code) = TwilioStatusCallbacks.Map(form);

        Assert.Equal(expected, DeliveryStatusWords.Describe(mapped!.Value, Enum.Parse<DeliveryChannel>(channel), code));
    }

    [Fact]
    public void UnknownStatus_ChangesNothing() =>
        Assert.Null(TwilioStatusCallbacks.Map(new Dictionary<string, string> { ["MessageStatus"] = "teleported" }).Status);

    [Theory]
    [InlineData("21211", "Not delivered: Twilio says the number is not valid (Twilio 21211)")]
    [InlineData("timeout", "Not delivered: Twilio took too long to answer")]
    [InlineData("http-503", "Not delivered: Twilio could not be reached")]
    public void FailedAtSend_ReadsAsPlainWords(string errorCode, string expected) =>
        Assert.Equal(expected, DeliveryStatusWords.Describe(DeliveryStatus.Failed, DeliveryChannel.Sms, errorCode));

    [Fact]
    public async Task DevelopmentOutbox_MarksItsMessagesDelivered()
    {
        await using var host = await PhoneTestHost.StartAsync(realSender: true);
        var person = await host.AddPersonAsync();

        await host.Codes.SendAsync(new CodeBinding(person, CodePurpose.SignIn, "a"), DeliveryChannel.Sms);

        await using var db = await host.DbFactory.CreateDbContextAsync();
        var delivery = Assert.Single(db.CodeDeliveries.Where(d => d.UserId == person));
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Single(db.OutboxMessages.Where(m => m.Channel == "SMS"));
    }
}
