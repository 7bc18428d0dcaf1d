using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>What support reads about one code delivery: its status and, when it did not arrive, why, in plain words.</summary>
public static class DeliveryStatusWords
{
    // Twilio's carrier errors (status callbacks) and API errors (at send), as a support agent would say them to the customer.
    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["30003"] = "the phone is switched off or out of signal",
        ["30004"] = "the message was blocked, by the phone's owner or their carrier",
        ["30005"] = "the number does not exist or is no longer in service",
        ["30006"] = "the number is a landline or its carrier cannot take texts; a phone call would work",
        ["30007"] = "the carrier filtered the message as spam",
        ["30008"] = "the carrier could not deliver it and gave no reason",
        ["30032"] = "our sending number is not yet verified with the carriers (a portal problem, not the customer's)",
        ["30034"] = "our sending number is not yet registered with the carriers (a portal problem, not the customer's)",
        ["21610"] = "the customer replied STOP to our texts; they must text START to get them again",
        ["21211"] = "Twilio says the number is not valid",
        ["21217"] = "Twilio says the number is not valid",
        ["21401"] = "Twilio says the number is not valid",
        ["21407"] = "Twilio says the number is not valid",
        ["21614"] = "the number cannot take text messages",
        ["21408"] = "texts to that country are not enabled",
        ["21612"] = "Twilio cannot reach that number from our sending number",
        ["20429"] = "Twilio was busy and refused it for a moment",
        ["http-429"] = "Twilio was busy and refused it for a moment",
        ["busy"] = "the line was busy",
        ["no-answer"] = "nobody answered the call",
        ["canceled"] = "the call was cancelled before it rang",
        ["timeout"] = "Twilio took too long to answer",
        ["connection"] = "Twilio could not be reached",
        ["exception"] = "Twilio could not be reached",
        ["smtp"] = "the mail server could not be reached",
    };

    public static string Channel(DeliveryChannel channel) => channel switch
    {
        DeliveryChannel.Voice => "Phone call",
        DeliveryChannel.Email => "Email",
        _ => "SMS",
    };

    /// <summary>"Delivered", "Sent, waiting for the carrier", or "Not delivered: the phone is switched off or out of signal (Twilio 30003)".</summary>
    public static string Describe(DeliveryStatus status, DeliveryChannel channel, string? errorCode) => status switch
    {
        DeliveryStatus.Sending => "Sending",
        DeliveryStatus.Sent => channel switch
        {
            DeliveryChannel.Voice => "Calling, no answer yet",
            DeliveryChannel.Email => "Handed to the mail server",
            _ => "Sent, waiting for the carrier",
        },
        DeliveryStatus.Delivered => channel == DeliveryChannel.Voice ? "Answered: the code was read out" : "Delivered",
        _ => $"Not delivered: {Reason(errorCode)}",
    };

    public static bool IsProblem(DeliveryStatus status) => status is DeliveryStatus.Undelivered or DeliveryStatus.Failed;

    public static string Reason(string? errorCode)
    {
        if (errorCode is null) return "no reason given";
        if (Reasons.TryGetValue(errorCode, out var words)) return Numbered(words, errorCode);
        if (errorCode.StartsWith("http-5", StringComparison.Ordinal)) return "Twilio could not be reached";
        return $"Twilio error {errorCode}";
    }

    // Twilio's number helps when support escalates; words-only codes (busy, timeout) carry none.
    private static string Numbered(string words, string code) => code.All(char.IsAsciiDigit) ? $"{words} (Twilio {code})" : words;
}
