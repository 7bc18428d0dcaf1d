using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;

namespace BackupifyPortal.Features.Phone;

/// <summary>Builds the SDK client over our own HttpClient (timeout, base-URL override, no URL logging).</summary>
public sealed class TwilioClientFactory(IHttpClientFactory httpClients, IOptions<TwilioOptions> options)
{
    public const string HttpClientName = "twilio";

    public TwilioOptions Options => options.Value;

    public ITwilioRestClient Create()
    {
        var o = options.Value;
        var useApiKey = !string.IsNullOrWhiteSpace(o.ApiKeySid) && !string.IsNullOrWhiteSpace(o.ApiKeySecret);
        return new TwilioRestClient(
            useApiKey ? o.ApiKeySid! : o.AccountSid!,
            useApiKey ? o.ApiKeySecret! : o.AuthToken!,
            accountSid: o.AccountSid,
            httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
    }
}
