using System.Security.Claims;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BackupifyPortal.Components.Settings;

/// <summary>
/// The UI in front of fresh proof: shows "Confirm it's you" when <see cref="FreshProof"/> says this session has none.
/// It decides nothing itself: the services behind every change ask <see cref="FreshProof"/> again.
/// </summary>
public sealed class ReauthenticationGate(FreshProof fresh, IDialogService dialogs, AuthenticationStateProvider authState)
{
    /// <summary>True when the change may go ahead; false when the person cancelled the confirmation.</summary>
    public async Task<bool> EnsureAsync(string userId)
    {
        var principal = (await authState.GetAuthenticationStateAsync()).User;
        var sessionId = principal.FindFirstValue(DatabaseTicketStore.SessionIdClaim);
        // Only the signed-in person's own session can be confirmed; the id comes from the server-side principal.
        if (sessionId is null || principal.FindFirstValue(ClaimTypes.NameIdentifier) != userId) return false;
        if (await fresh.IsFreshAsync(userId, sessionId)) return true;

        var parameters = new DialogParameters<ConfirmItsYouDialog>
        {
            { d => d.UserId, userId },
            { d => d.SessionId, sessionId },
            { d => d.Minutes, (int)Math.Max(1, fresh.MaxAge.TotalMinutes) },
        };
        var options = new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<ConfirmItsYouDialog>("Confirm it's you", parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
