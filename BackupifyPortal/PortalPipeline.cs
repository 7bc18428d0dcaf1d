using BackupifyPortal.Features.Accounts;
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
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
            // With no known HTTPS port (set HTTPS_PORT) the redirect cannot happen: refuse plain HTTP with a message, never a 500.
            app.Use(async (context, next) =>
            {
                if (context.Request.IsHttps) { await next(); return; }
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("This portal answers only over HTTPS.");
            });
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Bodiless error statuses get the portal's page (403: Access denied, the rest: Page not found); the /account endpoints always answer with a body of their own.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(async (context, next) => { BrowserBinding.EnsureCookie(context); await next(); });
        app.UseFreshSessionOnSignIn();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<AccountOwnershipMiddleware>();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapSignInEndpoints();
        app.MapPersonHome();
        if (app.Environment.IsDevelopment()) app.MapDevOutbox();
        Features.Admin.ConsoleEndpoints.MapConsoleEndpoints(app);
        return app;
    }
}
