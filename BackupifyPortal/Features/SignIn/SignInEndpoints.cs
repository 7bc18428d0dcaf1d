using BackupifyPortal.Features.Operations;
using System.Security.Claims;
using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;

namespace BackupifyPortal.Features.SignIn;

/// <summary>The plain HTTP requests that a circuit cannot do itself: writing and removing the auth cookie.</summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        // Called by portal-auth.js with the ticket in the body (never the URL, so it is never in a request log).
        app.MapPost(FreshSessionOnSignIn.HandoffPath, RedeemTicketAsync).DisableAntiforgery();
        app.MapPost("/account/logout", SignOutAsync);
        return app;
    }

    private static async Task<IResult> RedeemTicketAsync(
        HttpContext context,
        ISignInTickets tickets,
        UserManager<PortalUser> users,
        SignInManager<PortalUser> signIn,
        TrustedBrowsers.TrustedBrowserCookie trusted)
    {
        // Read by hand: a POST with no form at all, or one over the form limits, is just a refused ticket.
        var ticket = await ReadTicketAsync(context.Request);
        var redeemed = await tickets.RedeemAsync(ticket, BrowserBinding.HashOfPresentedCookie(context), context.RequestAborted);
        if (redeemed is null)
            return Results.Problem("This sign-in link has expired. Please log in again.", statusCode: 400);
        var user = await users.FindByIdAsync(redeemed.UserId);
        if (user is null) return Results.Problem("This sign-in link has expired. Please log in again.", statusCode: 400);
        // The ticket trusted the page's view of the remember cookie; its row must still trust this browser now (not forgotten).
        if (redeemed.Method == TwoFactor.FreshProof.RememberedBrowserMethod && !await trusted.UseAsync(context, user.Id))
            return Results.Problem(RememberedBrowserGone, statusCode: StatusCodes.Status409Conflict);

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
        return Results.NoContent();
    }

    public const string RememberedBrowserGone = "This browser is no longer remembered. Reload the page and log in again with your second factor.";

    private static async Task<string> ReadTicketAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return "";
        try
        {
            return (await request.ReadFormAsync(request.HttpContext.RequestAborted))["ticket"].ToString();
        }
        catch (InvalidDataException)
        {
            return ""; // a key or value beyond FormOptions' limits
        }
    }

    // A form the server cannot read (NUL in a value, a key over the limits) is a refused form, not a server error.
    private static async Task<bool> IsAntiforgeryValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, SignInManager<PortalUser> signIn, IAuditLog audit, IAntiforgery antiforgery)
    {
        // Minimal APIs enforce antiforgery only when they bind a form; Sign Out binds none, so check here.
        if (!await IsAntiforgeryValidAsync(antiforgery, context)) return Results.Problem("Your session form expired. Reload the page and sign out again.", statusCode: 400);
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await signIn.SignOutAsync();
        if (userId is not null) await audit.WriteAsync(AuditEventTypes.SignedOut, userId, ipAddress: context.ClientAddress());
        return Results.LocalRedirect("/login");
    }
}
