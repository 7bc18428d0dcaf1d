using Twilio.Exceptions;

namespace BackupifyPortal.Features.Phone;

/// <summary>Turns whatever the Twilio SDK throws into a SendOutcome the person can act on.</summary>
public static class TwilioErrors
{
    public static SendOutcome ToOutcome(Exception exception) => exception switch
    {
        ApiException { Code: 21211 or 21217 or 21401 or 21407 } e => SendOutcome.Failed(SendFailure.InvalidNumber, Code(e)),
        ApiException { Code: 21614 or 21408 or 21612 } e => SendOutcome.Failed(SendFailure.NotSmsCapable, Code(e)),
        ApiException { Code: 20429 } or ApiException { Status: 429 } => SendOutcome.Failed(SendFailure.RateLimited, Code((ApiException)exception)),
        // Status 0: the SDK could not even read an error body (an HTML 5xx page from a proxy, say).
        ApiException { Status: >= 500 or 0 } e => SendOutcome.Failed(SendFailure.ProviderUnavailable, Code(e)),
        ApiException e => SendOutcome.Failed(SendFailure.Rejected, Code(e)),
        _ when IsTimeout(exception) => SendOutcome.Failed(SendFailure.Timeout, "timeout"),
        _ => SendOutcome.Failed(SendFailure.ProviderUnavailable, "connection"),
    };

    private static string Code(ApiException e) => e.Code != 0 ? e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"http-{e.Status}";

    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is TimeoutException or TaskCanceledException) return true;
        return false;
    }
}
