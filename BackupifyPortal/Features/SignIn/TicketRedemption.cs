using System.Security.Claims;
using System.Security.Cryptography;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

public enum RedemptionOutcome { SignedIn, Refused, RememberedBrowserGone }

/// <summary>
/// The one writer of the auth cookie: a sign-in ticket, redeemed by the browser it is bound to, becomes a new session.
/// Used by the hand-off endpoint (circuit pages) and by Log In's form posts (static page), so both sign in the same way.
/// </summary>
public sealed class TicketRedemption(
    ISignInTickets tickets,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    TrustedBrowsers.TrustedBrowserCookie trusted)
{
    public async Task<RedemptionOutcome> RedeemAsync(HttpContext context, string ticket)
    {
        var redeemed = await tickets.RedeemAsync(ticket, BrowserBinding.HashOfPresentedCookie(context), context.RequestAborted);
        if (redeemed is null) return RedemptionOutcome.Refused;
        var user = await users.FindByIdAsync(redeemed.UserId);
        if (user is null) return RedemptionOutcome.Refused;
        // The ticket trusted the page's view of the remember cookie; its row must still trust this browser now (not forgotten).
        if (redeemed.Method == TwoFactor.FreshProof.RememberedBrowserMethod && !await trusted.UseAsync(context, user.Id))
            return RedemptionOutcome.RememberedBrowserGone;

        // A session after a stamp rotation is kept on the server (SessionRefresh), never by a new ticket here.
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[AbsoluteTimeout.SignedInAtKey] = redeemed.RedeemedAt!.Value.ToString("O");
        // A remembered-browser sign-in skipped the second factor: it is no fresh proof for 2FA changes.
        if (TwoFactor.FreshProof.SignInProves(redeemed.Method)) RecentVerification.Stamp(properties, redeemed.RedeemedAt.Value);
        // The session id names the server-side session row, so the session can be ended from the server.
        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await signIn.SignInWithClaimsAsync(user, properties, [new Claim("amr", redeemed.Method), new Claim(DatabaseTicketStore.SessionIdClaim, sessionId)]);
        if (redeemed.RememberBrowser) await trusted.RememberAsync(context, user.Id);
        await FreshSessionOnSignIn.EndPreviousSessionAsync(context);
        return RedemptionOutcome.SignedIn;
    }
}
