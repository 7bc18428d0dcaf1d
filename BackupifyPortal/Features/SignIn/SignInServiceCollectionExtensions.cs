using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

public static class SignInServiceCollectionExtensions
{
    public static IServiceCollection AddPortalSignIn(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SignInOptions>(config.GetSection("SignIn"));
        var options = config.GetSection("SignIn").Get<SignInOptions>() ?? new SignInOptions();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SecurityStampRevalidatingStateProvider>();
        services.AddScoped<BrowserContext>();
        services.AddSingleton<ISignInTickets, SignInTickets>();
        services.AddSingleton<ISignInAttempts, SignInAttempts>();
        services.AddScoped<IPasswordSignIn, PasswordSignIn>();
        services.AddHttpContextAccessor();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<SessionManager>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreSetup>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Password.RequiredLength = 12;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = options.RevalidationInterval);

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "bp.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/login";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = AbsoluteTimeout.RejectWhenTooOldAsync;
        });
        return services;
    }
}
