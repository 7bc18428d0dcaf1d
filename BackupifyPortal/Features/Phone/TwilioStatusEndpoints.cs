namespace BackupifyPortal.Features.Phone;

/// <summary>POST /twilio/status: Twilio's delivery callbacks, anonymous but signed (checked by <see cref="TwilioStatusCallbacks"/>).</summary>
public static class TwilioStatusEndpoints
{
    public const string SignatureHeader = "X-Twilio-Signature";

    public static IEndpointRouteBuilder MapTwilioStatusCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapPost(TwilioStatusCallbacks.Route, async (HttpContext http, TwilioStatusCallbacks callbacks, CancellationToken ct) =>
        {
            // Read by hand: the form is Twilio's, not a page's, so no antiforgery token comes with it.
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
            var fields = form?.ToDictionary(p => p.Key, p => p.Value.ToString()) ?? [];
            var answer = await callbacks.HandleAsync(fields, http.Request.Headers[SignatureHeader].FirstOrDefault(), ct);
            // A body of its own, so the status-code pages do not render the Access denied page for Twilio.
            return answer == CallbackAnswer.Rejected
                ? Results.Text("The request signature is missing or wrong.", statusCode: StatusCodes.Status403Forbidden)
                : Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
