using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// A sign-in always starts a new session (no session fixation): on the hand-off, the browser's old auth cookie is
/// hidden from the cookie handler, so it cannot reuse that session's id, and the old session is ended afterwards.
/// </summary>
public static class FreshSessionOnSignIn
{
    public const string HandoffPath = "/account/handoff";
    private const string PreviousCookieKey = "bp.previous-auth-cookie";
    // The cookie handler keeps a server-side session's key in this claim of the cookie's ticket.
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    /// <summary>Runs before authentication: takes the auth cookie out of a hand-off request and keeps it aside.</summary>
    public static IApplicationBuilder UseFreshSessionOnSignIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && IsSignInPath(context.Request.Path))
        {
            var name = CookieName(context);
            if (context.Request.Cookies.TryGetValue(name, out var previous))
            {
                context.Items[PreviousCookieKey] = previous;
                var others = CookieHeaderValue.ParseList(context.Request.Headers.Cookie.OfType<string>().ToList()).Where(c => c.Name != name).Select(c => c.ToString());
                context.Request.Headers.Cookie = string.Join("; ", others);
            }
        }
        await next();
    });

    /// <summary>Ends the session the browser held before this sign-in, whoever it belonged to.</summary>
    public static async Task EndPreviousSessionAsync(HttpContext context)
    {
        if (context.Items[PreviousCookieKey] is not string previous) return;
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var key = options.TicketDataFormat.Unprotect(previous)?.Principal.FindFirst(SessionKeyClaim)?.Value;
        if (key is not null) await context.RequestServices.GetRequiredService<DatabaseTicketStore>().RemoveAsync(key);
    }

    // The hand-off, and Log In's own form posts, which sign in through the same TicketRedemption.
    private static bool IsSignInPath(PathString path) =>
        path.Equals(HandoffPath, StringComparison.OrdinalIgnoreCase) || path.Equals(LogInPath, StringComparison.OrdinalIgnoreCase);

    public const string LogInPath = "/login";

    private static string CookieName(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.Name!;
}
