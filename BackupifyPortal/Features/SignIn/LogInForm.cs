using System.Security.Claims;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Passkeys;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Where Log In's form post goes next: a redirect, or a message to show above the form (the email kept).</summary>
public sealed record LogInAnswer(string? RedirectTo, string? Error = null)
{
    public static LogInAnswer Show(string message) => new(null, message);
}

/// <summary>
/// Log In's form posts on the static page (no circuit): the password and the passkey, each checked by its own service
/// (limits, lockouts and audit live there), and a success finished in the same request by the one cookie writer,
/// <see cref="TicketRedemption"/>, with a ticket bound to this browser.
/// </summary>
public sealed class LogInForm(IPasswordSignIn passwords, PasskeySignIn passkeys, TicketRedemption redemption, BrowserSnapshots browsers)
{
    /// <summary>Where the page's script asks for a passkey challenge (a POST carrying the form's antiforgery token).</summary>
    public const string PasskeyOptionsPath = "/account/passkey-options";

    /// <summary>Someone already signed in (e.g. a tab whose old session was replaced) goes on to where they were headed.</summary>
    public static string? AlreadySignedIn(ClaimsPrincipal user, string? returnUrl) =>
        user.Identity?.IsAuthenticated == true ? ReturnUrls.LocalOrNull(returnUrl) ?? PersonHome.Route : null;

    public async Task<LogInAnswer> PasswordAsync(HttpContext context, string email, string password, string? returnUrl)
    {
        var local = ReturnUrls.LocalOrNull(returnUrl);
        var result = await passwords.CheckAsync(email, password, await browsers.FromRequestAsync(context), local, context.RequestAborted);
        return result.Outcome switch
        {
            // The return URL travels with the attempt, not in the address.
            PasswordOutcome.NeedsSecondFactor => new($"/login/2fa/{result.AttemptId}"),
            PasswordOutcome.SignedIn => await FinishAsync(context, result.Ticket!, local ?? PersonHome.Route),
            PasswordOutcome.LockedOut => LogInAnswer.Show(SignInMessages.Lockout(result.LockedFor)),
            _ => LogInAnswer.Show(SignInMessages.IncorrectPassword),
        };
    }

    /// <summary>Request options with no allow-list, and the ceremony they belong to, as JSON for the page's script.</summary>
    public async Task<string> PasskeyOptionsAsync(HttpContext context)
    {
        var challenge = await passkeys.BeginAsync(await browsers.FromRequestAsync(context), context.RequestAborted);
        return $"{{\"ceremonyId\":\"{challenge.CeremonyId}\",\"options\":{challenge.OptionsJson}}}";
    }

    /// <param name="browserError">The name of the browser's WebAuthn error (NotAllowedError…) when it gave no credential.</param>
    public async Task<LogInAnswer> PasskeyAsync(HttpContext context, Guid ceremonyId, string? credentialJson, string? browserError, string? returnUrl)
    {
        if (!string.IsNullOrEmpty(browserError) || string.IsNullOrEmpty(credentialJson))
            return LogInAnswer.Show(SignInMessages.PasskeyBrowserError(browserError));
        var result = await passkeys.CompleteAsync(ceremonyId, credentialJson, await browsers.FromRequestAsync(context), context.RequestAborted);
        return result.Outcome switch
        {
            PasskeySignInOutcome.SignedIn => await FinishAsync(context, result.Ticket!, ReturnUrls.LocalOrNull(returnUrl) ?? AccountRoutes.Chooser),
            PasskeySignInOutcome.Waiting => LogInAnswer.Show(SignInMessages.Lockout(result.Wait)),
            PasskeySignInOutcome.Expired => LogInAnswer.Show(SignInMessages.PasskeyExpired),
            _ => LogInAnswer.Show(SignInMessages.PasskeyRefused),
        };
    }

    private async Task<LogInAnswer> FinishAsync(HttpContext context, string ticket, string landing) =>
        await redemption.RedeemAsync(context, ticket) switch
        {
            RedemptionOutcome.SignedIn => new(landing),
            RedemptionOutcome.RememberedBrowserGone => LogInAnswer.Show(SignInMessages.RememberedBrowserGone),
            _ => LogInAnswer.Show(SignInMessages.CouldNotFinish),
        };
}
