using System.Security.Claims;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Components.Authorization;

namespace BackupifyPortal.Components.Shared;

/// <summary>The signed-in person's id as the server knows it (never an id from the browser).</summary>
public sealed class CurrentUser(AuthenticationStateProvider authState)
{
    public async Task<string?> GetIdAsync()
    {
        var state = await authState.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ClaimTypes.NameIdentifier);
    }

    /// <summary>The server-side session this circuit belongs to: the services check its fresh proof before a 2FA change.</summary>
    public async Task<string?> GetSessionIdAsync()
    {
        var state = await authState.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(DatabaseTicketStore.SessionIdClaim);
    }
}
