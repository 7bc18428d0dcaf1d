namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Headers on every response: a CSP that Blazor Server and MudBlazor run under (no eval, no other origins),
/// no framing, no MIME sniffing, no referrer, and no caching of pages (they can show codes and secrets).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // MudBlazor sets inline style attributes and a theme <style> block, hence style-src 'unsafe-inline'.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
