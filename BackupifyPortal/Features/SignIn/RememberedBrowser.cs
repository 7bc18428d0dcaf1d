using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// The one check of "Remember this browser": the request's own remember cookie, valid for the person's current
/// security stamp. Asked when Log In is rendered and again at the hand-off, so a browser forgotten (or a stamp rotated)
/// after the page was rendered no longer skips the second factor.
/// </summary>
public static class RememberedBrowser
{
    /// <summary>The person this request's remember cookie is valid for now, or null.</summary>
    public static async Task<string?> UserIdAsync(HttpContext context)
    {
        var remembered = await context.AuthenticateAsync(IdentityConstants.TwoFactorRememberMeScheme);
        if (!remembered.Succeeded) return null;
        var signIn = context.RequestServices.GetRequiredService<SignInManager<PortalUser>>();
        return (await signIn.ValidateTwoFactorSecurityStampAsync(remembered.Principal))?.Id;
    }

    public static async Task<bool> IsRememberedForAsync(HttpContext context, string userId) => await UserIdAsync(context) == userId;
}
