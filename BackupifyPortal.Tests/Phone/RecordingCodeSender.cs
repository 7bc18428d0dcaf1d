using System.Collections.Concurrent;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Tests.Phone;

/// <summary>Stands in for the SMS provider: remembers what it was asked to send; can be told to fail.</summary>
public sealed class RecordingCodeSender : ICodeSender
{
    public sealed record Sent(string To, DeliveryChannel Channel, string Code);

    public ConcurrentQueue<Sent> Messages { get; } = new();
    public SendOutcome NextOutcome { get; set; } = SendOutcome.Sent;
    public string LastCode => Messages.Last().Code;

    public Task<SendOutcome> SendAsync(string toE164, DeliveryChannel channel, string code, CancellationToken ct = default)
    {
        if (NextOutcome.Succeeded) Messages.Enqueue(new Sent(toE164, channel, code));
        return Task.FromResult(NextOutcome);
    }
}
