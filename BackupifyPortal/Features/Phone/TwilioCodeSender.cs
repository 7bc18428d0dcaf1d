using BackupifyPortal.Data;
using Microsoft.Extensions.Options;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace BackupifyPortal.Features.Phone;

/// <summary>
/// SMS through Messages, voice through Calls with inline TwiML, each asking Twilio to report its delivery to our status
/// callback. Provider trouble becomes a SendOutcome.
/// </summary>
public sealed class TwilioCodeSender(TwilioClientFactory clients, IOptions<PhoneOptions> phoneOptions, TwilioStatusCallbacks callbacks, ILogger<TwilioCodeSender> logger) : ICodeSender
{
    public async Task<SendOutcome> SendAsync(string toE164, DeliveryChannel channel, string code, CancellationToken ct = default)
    {
        var client = clients.Create();
        var to = new PhoneNumber(toE164);
        var from = new PhoneNumber(clients.Options.FromNumber);
        var statusCallback = callbacks.CallbackUrl is { } url ? new Uri(url) : null;
        try
        {
            if (channel == DeliveryChannel.Voice)
                return SendOutcome.Accepted((await CallResource.CreateAsync(new CreateCallOptions(to, from)
                    { Twiml = new Twiml(CodeMessages.VoiceTwiml(code)), StatusCallback = statusCallback }, client)).Sid);
            return SendOutcome.Accepted((await MessageResource.CreateAsync(new CreateMessageOptions(to)
                { From = from, Body = CodeMessages.Sms(code, phoneOptions.Value.CodeLifetime), StatusCallback = statusCallback }, client)).Sid);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var outcome = TwilioErrors.ToOutcome(e);
            // The exception text can hold the number, so only its type and the error code are logged.
            logger.LogWarning("Twilio {Channel} to {MaskedPhone} failed: {Failure} ({ErrorCode}, {ExceptionType})",
                channel, PhoneMasking.Mask(toE164), outcome.Failure, outcome.ErrorCode, e.GetType().Name);
            return outcome;
        }
    }
}
