using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;

namespace BackupifyPortal;

public static class PortalPipeline
{
    /// <summary>Middleware and endpoints in order; Razor components are mapped last by Program.cs.</summary>
    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // First: every later step (HTTPS, limits, audit, the circuit's address) sees the client, from trusted proxies only.
        app.UseForwardedHeaders();
        app.UseClientContext();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            // Health probes come from inside (load balancer, orchestrator) over plain HTTP; everything else is HTTPS only.
            app.UseWhen(context => !HealthEndpoints.IsProbe(context.Request.Path), https =>
            {
                https.UseHsts();
                https.UseHttpsRedirection();
                // With no known HTTPS port (set HTTPS_PORT) the redirect cannot happen: refuse plain HTTP with a message, never a 500.
                https.Use(async (context, next) =>
                {
                    if (context.Request.IsHttps) { await next(); return; }
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsync("This portal answers only over HTTPS.");
                });
            });
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Bodiless error statuses get the portal's page (403: Access denied, the rest: Page not found); the /account endpoints always answer with a body of their own.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(async (context, next) => { BrowserBinding.EnsureCookie(context); await next(); });
        app.UseFreshSessionOnSignIn();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AccountRequestLimit>();
        app.UseSetupLinkHold(); // a setup link opened before Log In resumes on /setup; its token never rides in a URL
        app.UseMiddleware<AccountOwnershipMiddleware>();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapPortalHealth();
        app.MapSignInEndpoints();
        app.MapPersonHome();
        app.MapTwilioStatusCallbacks();
        app.MapOutboxPage(); // Development; elsewhere only by explicit opt-in (Outbox:Page), to loopback clients
        Features.Admin.ConsoleEndpoints.MapConsoleEndpoints(app);
        return app;
    }
}
