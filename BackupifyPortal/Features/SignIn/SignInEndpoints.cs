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
        app.MapPost(LogInForm.PasskeyOptionsPath, PasskeyOptionsAsync);
        return app;
    }

    private static async Task<IResult> RedeemTicketAsync(HttpContext context, TicketRedemption redemption)
    {
        // Read by hand: a POST with no form at all, or one over the form limits, is just a refused ticket.
        return await redemption.RedeemAsync(context, await ReadTicketAsync(context.Request)) switch
        {
            RedemptionOutcome.SignedIn => Results.NoContent(),
            RedemptionOutcome.RememberedBrowserGone => Results.Problem(SignInMessages.RememberedBrowserGone, statusCode: StatusCodes.Status409Conflict),
            _ => Results.Problem("This sign-in link has expired. Please log in again.", statusCode: 400),
        };
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

    // Log In's script asks here for a passkey challenge; the token comes from the page's form, so no other site can start ceremonies.
    private static async Task<IResult> PasskeyOptionsAsync(HttpContext context, LogInForm logIn, IAntiforgery antiforgery)
    {
        if (!await IsAntiforgeryValidAsync(antiforgery, context)) return Results.Problem("Your session form expired. Reload the page and try again.", statusCode: 400);
        return Results.Content(await logIn.PasskeyOptionsAsync(context), "application/json");
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
