using System.Security.Cryptography;
using System.Text;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// A random HttpOnly cookie that names this browser. Sign-in tickets and attempts store only its hash,
/// so a ticket copied into another browser is useless.
/// </summary>
public static class BrowserBinding
{
    public const string CookieName = "bp.bind";
    /// <summary>Over HTTPS the cookie is __Host- prefixed: Secure, Path=/, no Domain, so no subdomain can plant one.</summary>
    public const string SecureCookieName = "__Host-bp.bind";

    private static string NameFor(HttpContext context) => context.Request.IsHttps ? SecureCookieName : CookieName;
    private const string ItemKey = "bp.bind.value";

    /// <summary>Issues the cookie when the browser has none; returns the value that this request carries or will carry.</summary>
    public static string EnsureCookie(HttpContext context)
    {
        if (context.Items[ItemKey] is string known) return known;
        var value = context.Request.Cookies[NameFor(context)];
        if (string.IsNullOrEmpty(value) || value.Length != 43)
        {
            value = Base64Url(RandomNumberGenerator.GetBytes(32));
            if (!context.Response.HasStarted)
            {
                context.Response.Cookies.Append(NameFor(context), value, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = context.Request.IsHttps,
                    SameSite = SameSiteMode.Strict,
                    IsEssential = true,
                    Path = "/",
                });
            }
        }
        context.Items[ItemKey] = value;
        return value;
    }

    /// <summary>The hash of the cookie the request actually carried (null when it carried none).</summary>
    public static string? HashOfPresentedCookie(HttpContext context)
    {
        var value = context.Request.Cookies[NameFor(context)];
        return string.IsNullOrEmpty(value) ? null : Hash(value);
    }

    public static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
