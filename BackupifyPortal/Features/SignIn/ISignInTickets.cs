using BackupifyPortal.Data;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Single-use, short-lived, browser-bound tickets that carry a finished sign-in from the circuit to the cookie endpoint.</summary>
public interface ISignInTickets
{
    /// <summary>Returns the ticket text; only its hash is stored.</summary>
    Task<string> IssueAsync(string userId, string bindingHash, string method, bool rememberBrowser, CancellationToken ct = default);

    /// <summary>Marks the ticket used and returns it, or null when it is unknown, used, expired or from another browser.</summary>
    Task<SignInTicket?> RedeemAsync(string ticket, string? presentedBindingHash, CancellationToken ct = default);
}
