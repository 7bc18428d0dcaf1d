using System.Security.Claims;
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
}
