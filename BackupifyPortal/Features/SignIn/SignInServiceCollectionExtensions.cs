using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

public static class SignInServiceCollectionExtensions
{
    public static IServiceCollection AddPortalSignIn(this IServiceCollection services, IConfiguration config, bool isDevelopment)
    {
        // Outside Development every cookie is __Host- prefixed and Secure (plain HTTP on localhost cannot set those).
        var prefix = isDevelopment ? "" : "__Host-";
        var secure = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = prefix + "bp.af";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<SignInOptions>(config.GetSection("SignIn"));
        var options = config.GetSection("SignIn").Get<SignInOptions>() ?? new SignInOptions();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SecurityStampRevalidatingStateProvider>();
        services.AddScoped<BrowserContext>();
        services.AddSecondFactorSignIn();
        services.AddSingleton<BrowserSnapshotSeal>();
        services.AddScoped<IPasswordSignIn, PasswordSignIn>();
        services.AddScoped<TicketRedemption>();
        services.AddScoped<BrowserSnapshots>();
        services.AddScoped<LogInForm>();
        services.AddHttpContextAccessor();
        services.AddTrustedProxies(config);
        services.AddSecurityStamps();
        services.AddSingleton<SessionRefresh>();
        services.AddSingleton<SharedSessionChecks>();
        services.AddSingleton<SessionManager>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitActivity>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreSetup>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies =>
            {
                // "Remember this browser" is Features/TrustedBrowsers' own cookie (a row per browser), not Identity's stamp-bound one.
                cookies.TwoFactorUserIdCookie?.Configure(o => SecureCookie(o.Cookie, prefix + "bp.2fa-user", secure));
                cookies.ExternalCookie?.Configure(o => SecureCookie(o.Cookie, prefix + "bp.external", secure));
            });
        services.AddAuthorization();
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Schema version 3: the AspNetUserPasskeys table behind Features/Passkeys.
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                // Wrong passwords are counted by Features/Limits (PasswordAttempts), never by Identity's own lockout.
                o.Lockout.AllowedForNewUsers = false;
                // Composition rules are off (NIST 800-63B-4, ASVS 6.2.5). The one minimum for new passwords (15, PasswordPolicy),
                // the blocklist and the context words live in Features/Passwords; Identity keeps no second, different minimum.
                o.Password.RequiredLength = 1;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = options.RevalidationInterval);

        services.ConfigureApplicationCookie(cookie =>
        {
            SecureCookie(cookie.Cookie, prefix + "bp.auth", secure);
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/account/logout";
            // Signed in but not allowed: 403 and the Access denied page in place (a redirect to /login looped back here).
            cookie.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = AbsoluteTimeout.RejectWhenTooOldAsync;
        });
        return services;
    }

    private static void SecureCookie(CookieBuilder cookie, string name, CookieSecurePolicy secure)
    {
        cookie.Name = name;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Lax;
        cookie.SecurePolicy = secure;
        cookie.Path = "/";
    }
}
