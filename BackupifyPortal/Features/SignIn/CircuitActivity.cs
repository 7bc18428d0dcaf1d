using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Counts work in a live circuit (clicks, typing) as session activity, so the idle timeout ends tabs that are
/// left alone, not people who are busy in one. At most one database write a minute per circuit.
/// Each event also runs on behalf of the circuit's own session (<see cref="ActingSession"/>), so a stamp rotation
/// knows which session made it.
/// </summary>
public sealed class CircuitActivity(AuthenticationStateProvider authState, SessionManager sessions, TimeProvider clock) : CircuitHandler
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset lastWrite = DateTimeOffset.MinValue;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            await NoteActivityAsync();
            using (ActingSession.Begin(await SessionIdAsync())) await next(context);
        };

    private async Task<string?> SessionIdAsync()
    {
        try
        {
            return (await authState.GetAuthenticationStateAsync()).User.FindFirstValue(DatabaseTicketStore.SessionIdClaim);
        }
        catch (InvalidOperationException)
        {
            return null; // no authentication state yet (the circuit is still starting)
        }
    }

    private async Task NoteActivityAsync()
    {
        var now = clock.GetUtcNow();
        if (now - lastWrite < WriteEvery) return;
        lastWrite = now;
        try
        {
            var user = (await authState.GetAuthenticationStateAsync()).User;
            if (user.FindFirstValue(DatabaseTicketStore.SessionIdClaim) is { } sessionId) await sessions.ExtendAsync(sessionId);
        }
        catch (InvalidOperationException)
        {
            // No authentication state yet (the circuit is still starting): nothing to extend.
        }
    }
}
