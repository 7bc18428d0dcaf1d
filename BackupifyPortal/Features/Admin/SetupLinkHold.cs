using BackupifyPortal.Features.Operations;
using System.Globalization;
using System.Security.Claims;
using BackupifyPortal.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.Admin;

/// <summary>
/// A setup link opened before signing in: the token must never ride on into /login?returnUrl=… (logged, kept in history,
/// shared with the login page). The server keeps the link for this browser in a sealed, HttpOnly, one-hour cookie that
/// names the link (never the token), sends the visitor to a clean Log In that returns to /setup, and redeems the link there
/// for whoever signed in (a link for someone else stays unused).
/// </summary>
public sealed class SetupLinkHold(SetupLinks links, IDataProtectionProvider protection, TimeProvider clock, IAuditLog audit)
{
    public const string CookieName = "bp.setup-hold";
    public const string SecureCookieName = "__Host-bp.setup-hold";
    /// <summary>Where an anonymous visitor of a setup link goes: Log In, then back to /setup (no token anywhere in it).</summary>
    public static readonly string CleanLogin = "/login?returnUrl=" + Uri.EscapeDataString(SetupLinks.Route);
    /// <summary>/setup after sign-in when the held link was sent to someone else.</summary>
    public const string OtherPersonValue = "other-person";
    public const string OtherPersonRoute = SetupLinks.Route + "?link=" + OtherPersonValue;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private IDataProtector Protector => protection.CreateProtector("BackupifyPortal.SetupLinkHold.v1");

    /// <summary>True for /setup/{token}: a path that carries a setup token.</summary>
    public static bool IsLinkPath(PathString path, out string token)
    {
        token = "";
        if (!path.StartsWithSegments(SetupLinks.Route, StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue || rest.Value!.Length <= 1) return false;
        token = rest.Value[1..];
        return true;
    }

    /// <summary>The cookie handler's redirect to Log In: for a setup link, hold it and send a clean URL instead.</summary>
    public static async Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context, Func<RedirectContext<CookieAuthenticationOptions>, Task> otherwise)
    {
        if (!IsLinkPath(context.Request.Path, out var token)) { await otherwise(context); return; }
        await context.HttpContext.RequestServices.GetRequiredService<SetupLinkHold>().HoldAsync(context.HttpContext, token);
        context.RedirectUri = CleanLogin;
        await otherwise(context);
    }

    /// <summary>Keeps a live link for this browser; an unknown, used or expired token keeps nothing (and says nothing).</summary>
    public async Task HoldAsync(HttpContext context, string token)
    {
        if (await links.FindLiveAsync(token, context.RequestAborted) is not { } link || context.Response.HasStarted) return;
        var until = clock.GetUtcNow() + Lifetime;
        context.Response.Cookies.Append(NameFor(context), Protector.Protect($"{link.Id:N}|{until.ToUnixTimeSeconds()}"), Options(context, until));
        await audit.WriteAsync(AuditEventTypes.SetupLinkHeld, link.UserId, "opened before signing in", null, context.ClientAddress(), context.RequestAborted);
    }

    /// <summary>On a signed-in GET /setup: redeems the link held for this browser (once) and forgets it. Null: nothing held.</summary>
    public async Task<SetupLinkStatus?> ResumeAsync(HttpContext context)
    {
        var value = context.Request.Cookies[NameFor(context)];
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(value) || userId is null) return null;
        context.Response.Cookies.Delete(NameFor(context), Options(context, null));
        if (Open(value) is not { } linkId) return null;
        return await links.RedeemHeldAsync(linkId, userId, context.RequestAborted);
    }

    private Guid? Open(string value)
    {
        try
        {
            var parts = Protector.Unprotect(value).Split('|');
            var until = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
            return until > clock.GetUtcNow() && Guid.TryParseExact(parts[0], "N", out var id) ? id : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return null; // tampered, from another key ring, or not ours
        }
    }

    private static string NameFor(HttpContext context) => context.Request.IsHttps ? SecureCookieName : CookieName;

    // Lax: it must come back on the top-level navigation to /setup after Log In; Path=/ for the __Host- prefix.
    private static CookieOptions Options(HttpContext context, DateTimeOffset? until) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
        Path = "/",
        Expires = until,
    };
}

public static class SetupLinkHoldExtensions
{
    /// <summary>After authorization: a signed-in GET /setup picks up the setup link this browser opened before signing in.</summary>
    public static IApplicationBuilder UseSetupLinkHold(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals(SetupLinks.Route, StringComparison.OrdinalIgnoreCase)
            && context.User.Identity?.IsAuthenticated == true
            && await context.RequestServices.GetRequiredService<SetupLinkHold>().ResumeAsync(context) == SetupLinkStatus.OtherPerson)
        {
            context.Response.Redirect(SetupLinkHold.OtherPersonRoute);
            return;
        }
        await next();
    });

    /// <summary>Wraps the application cookie's redirect to Log In so a setup token never reaches the login URL.</summary>
    public static IServiceCollection AddSetupLinkHold(this IServiceCollection services)
    {
        services.AddSingleton<SetupLinkHold>();
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var otherwise = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = context => SetupLinkHold.RedirectToLoginAsync(context, otherwise);
        });
        return services;
    }
}
