using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>Delivers one code by SMS or voice call. Never throws for provider trouble: it returns a SendOutcome.</summary>
public interface ICodeSender
{
    Task<SendOutcome> SendAsync(string toE164, DeliveryChannel channel, string code, CancellationToken ct = default);
}

public enum SendFailure
{
    None,
    InvalidNumber,
    NotSmsCapable,
    RateLimited,
    ProviderUnavailable,
    Timeout,
    Rejected,
}

public sealed record SendOutcome(bool Succeeded, SendFailure Failure = SendFailure.None, string? ErrorCode = null)
{
    public static readonly SendOutcome Sent = new(true);
    /// <summary>The Development outbox: the message is there to read at once, so it counts as delivered.</summary>
    public static readonly SendOutcome DeliveredToOutbox = new(true) { Status = DeliveryStatus.Delivered };

    /// <summary>Accepted by the provider, whose status callbacks will name it by this id.</summary>
    public static SendOutcome Accepted(string? providerSid) => new(true) { ProviderSid = providerSid };

    /// <summary>The provider's id of the message or call (Twilio's MessageSid or CallSid), when it gave one.</summary>
    public string? ProviderSid { get; init; }

    /// <summary>Where the code is now: Sent (no word from the carrier yet) unless the sender knows more.</summary>
    public DeliveryStatus Status { get; init; } = Succeeded ? DeliveryStatus.Sent : DeliveryStatus.Failed;
    public static SendOutcome Failed(SendFailure failure, string? errorCode) => new(false, failure, errorCode ?? failure.ToString());

    /// <summary>What the person reads; each one says what to do next.</summary>
    public string UserMessage => MessageFor(Failure);

    public static string MessageFor(SendFailure failure) => failure switch
    {
        SendFailure.None => "",
        SendFailure.InvalidNumber => "Our SMS provider says this phone number is not valid. Check the number in User Settings.",
        SendFailure.NotSmsCapable => "This number can't receive text messages. Choose Phone Call to get the code by a voice call.",
        SendFailure.RateLimited => "Our SMS provider is busy right now. Wait a moment and try again.",
        SendFailure.Timeout => "Sending the code took too long. Try again, or choose the other channel.",
        SendFailure.ProviderUnavailable => "We couldn't reach our SMS provider. Try again in a moment, or choose the other channel.",
        _ => "We couldn't send the code. Try again, or choose the other channel.",
    };
}
