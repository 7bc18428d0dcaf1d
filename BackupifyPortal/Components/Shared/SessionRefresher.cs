using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Components.Shared;

/// <summary>
/// A 2FA change rotates the security stamp, which ends every session. This keeps the person's own session:
/// a fresh cookie for this browser, and the circuit's principal swapped for one with the new stamp.
/// </summary>
public sealed class SessionRefresher(
    BrowserContext browser,
    ISignInTickets tickets,
    SessionHandoff handoff,
    AuthenticationStateProvider authState,
    IServiceScopeFactory scopes)
{
    public async Task<bool> RefreshAsync(string userId)
    {
        var binding = browser.Snapshot?.BindingHash;
        if (binding is null) return false;
        var ticket = await tickets.IssueAsync(userId, binding, SignInTickets.RefreshMethod, rememberBrowser: false);
        if (!await handoff.RedeemAsync(ticket, refresh: true)) return false;

        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var user = await signIn.UserManager.FindByIdAsync(userId);
        if (user is null || authState is not ServerAuthenticationStateProvider server) return false;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // The cookie handler renewed this browser's session row, so the circuit keeps watching the same session id.
        var current = await authState.GetAuthenticationStateAsync();
        if (current.User.FindFirst(DatabaseTicketStore.SessionIdClaim) is { } sessionId)
            ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(DatabaseTicketStore.SessionIdClaim, sessionId.Value));
        server.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return true;
    }
}
