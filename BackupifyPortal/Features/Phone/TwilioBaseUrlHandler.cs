using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

/// <summary>Points the Twilio SDK's fixed *.twilio.com URLs at Twilio:BaseUrl (a WireMock server in tests).</summary>
public sealed class TwilioBaseUrlHandler(IOptions<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.BaseUrl is { Length: > 0 } baseUrl && request.RequestUri is { } uri
            && uri.Host.EndsWith("twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            var target = new Uri(baseUrl);
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
