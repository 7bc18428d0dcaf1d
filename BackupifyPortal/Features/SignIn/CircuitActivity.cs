using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Runs each inbound circuit event on behalf of the circuit's own session (<see cref="ActingSession"/>), so a stamp
/// rotation knows which session made it. Which events count as session activity (a person's clicks and typing, never
/// render acknowledgements) is decided by the hub filter Features/Operations/CircuitGuard, which sees each message's kind.
/// </summary>
public sealed class CircuitActivity(AuthenticationStateProvider authState) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
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
}
