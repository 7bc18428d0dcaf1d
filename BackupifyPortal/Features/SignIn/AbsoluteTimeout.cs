using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Ends a session a fixed time after sign-in, however active it has been; then the security stamp check runs.</summary>
public static class AbsoluteTimeout
{
    public const string SignedInAtKey = "bp.signedInAt";

    public static async Task RejectWhenTooOldAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.AbsoluteTimeout;
        if (context.Properties.Items.TryGetValue(SignedInAtKey, out var raw)
            && DateTimeOffset.TryParse(raw, null, System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt)
            && clock.GetUtcNow() - signedInAt > limit)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
