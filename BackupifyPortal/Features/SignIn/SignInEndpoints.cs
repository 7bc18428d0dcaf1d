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
        app.MapPost(FreshSessionOnSignIn.HandoffPath, (HttpContext c, ISignInTickets t, UserManager<PortalUser> u, SignInManager<PortalUser> s) => RedeemTicketAsync(c, t, u, s, refresh: false)).DisableAntiforgery();
        // After a 2FA change the live session gets a new cookie under the same session id, so its circuits keep watching it.
        app.MapPost("/account/refresh", (HttpContext c, ISignInTickets t, UserManager<PortalUser> u, SignInManager<PortalUser> s) => RedeemTicketAsync(c, t, u, s, refresh: true)).DisableAntiforgery();
        app.MapPost("/account/logout", SignOutAsync);
        return app;
    }

    private static async Task<IResult> RedeemTicketAsync(
        HttpContext context,
        ISignInTickets tickets,
        UserManager<PortalUser> users,
        SignInManager<PortalUser> signIn,
        bool refresh)
    {
        // Read by hand: a POST with no form at all, or one over the form limits, is just a refused ticket.
        var ticket = await ReadTicketAsync(context.Request);
        var redeemed = await tickets.RedeemAsync(ticket, BrowserBinding.HashOfPresentedCookie(context), context.RequestAborted);
        // A sign-in ticket only starts a session and a refresh ticket only renews one: neither can stand in for the other.
        if (redeemed is null || (redeemed.Method == SignInTickets.RefreshMethod) != refresh)
            return Results.Problem("This sign-in link has expired. Please log in again.", statusCode: 400);
        var user = await users.FindByIdAsync(redeemed.UserId);
        if (user is null) return Results.Problem("This sign-in link has expired. Please log in again.", statusCode: 400);

        var properties = new AuthenticationProperties { IsPersistent = false };
        if (refresh)
        {
            // A refresh after a 2FA change is no new proof of identity: it keeps the session's sign-in time (absolute timeout).
            var current = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            properties.Items[AbsoluteTimeout.SignedInAtKey] = (current.Properties is { } p && p.Items.TryGetValue(AbsoluteTimeout.SignedInAtKey, out var at) ? at : null) ?? redeemed.RedeemedAt!.Value.ToString("O");
        }
        else
        {
            properties.Items[AbsoluteTimeout.SignedInAtKey] = redeemed.RedeemedAt!.Value.ToString("O");
            // A remembered-browser sign-in skipped the second factor: it is no fresh proof for 2FA changes.
            if (TwoFactor.FreshProof.SignInProves(redeemed.Method)) RecentVerification.Stamp(properties, redeemed.RedeemedAt.Value);
        }
        // The session id names the server-side session row, so the session can be ended from the server.
        // (On a refresh the cookie handler keeps the live row's id; the store rewrites the claim to match.)
        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await signIn.SignInWithClaimsAsync(user, properties, [new Claim("amr", redeemed.Method), new Claim(DatabaseTicketStore.SessionIdClaim, sessionId)]);
        if (redeemed.RememberBrowser) await signIn.RememberTwoFactorClientAsync(user);
        if (!refresh) await FreshSessionOnSignIn.EndPreviousSessionAsync(context);
        return Results.NoContent();
    }

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
        if (userId is not null) await audit.WriteAsync(AuditEventTypes.SignedOut, userId, ipAddress: context.Connection.RemoteIpAddress?.ToString());
        return Results.LocalRedirect("/login");
    }
}
