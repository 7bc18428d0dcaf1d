using System.Security.Claims;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Re-checks a live circuit's session: its server-side session row must still exist and hold the person's current
/// security stamp (<see cref="SessionRefresh"/> re-issues it only for the session that made the newest rotation).
/// Runs every revalidation interval, and at once when the person's sessions are ended or their stamp rotates.
/// The periodic check is shared by a session's circuits (<see cref="SharedSessionChecks"/>): one query per session, not per tab.
/// </summary>
public sealed class SecurityStampRevalidatingStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> identityOptions;
    private readonly IOptions<SignInOptions> signInOptions;
    private readonly SessionRevocations revocations;
    private readonly SecurityStampRotations rotations;
    private readonly SharedSessionChecks sharedChecks;
    private readonly CancellationToken hostStopped;
    private IDisposable? revocationSubscription;
    private IDisposable? rotationSubscription;

    public SecurityStampRevalidatingStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> identityOptions,
        IOptions<SignInOptions> signInOptions,
        SessionRevocations revocations,
        SecurityStampRotations rotations,
        SharedSessionChecks sharedChecks,
        IHostApplicationLifetime lifetime) : base(loggerFactory)
    {
        this.sharedChecks = sharedChecks;
        hostStopped = lifetime.ApplicationStopped;
        this.rotations = rotations;
        this.scopeFactory = scopeFactory;
        this.identityOptions = identityOptions;
        this.signInOptions = signInOptions;
        this.revocations = revocations;
        AuthenticationStateChanged += OnStateChanged;
    }

    protected override TimeSpan RevalidationInterval => SharedSessionChecks.DelayFor(signInOptions.Value.RevalidationInterval);

    // A circuit outlives its host's services (Blazor keeps it after the connection drops). Once the host has stopped, a
    // sign-out would render the circuit through disposed services, so it is left as it is: no connection can use it.
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (hostStopped.IsCancellationRequested) return true;
        try
        {
            return await IsStillValidAsync(authenticationState, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return hostStopped.IsCancellationRequested; // disposed under a live host: end the session, as when it is not found
        }
    }

    private async Task<bool> IsStillValidAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.FindFirstValue(DatabaseTicketStore.SessionIdClaim) is not { } sessionId)
            return await CurrentPrincipalAsync(authenticationState.User, cancellationToken) is not null;
        var shared = sharedChecks.CurrentPrincipalAsync(sessionId, signInOptions.Value.RevalidationInterval);
        return await shared.WaitAsync(cancellationToken) is not null;
    }

    /// <summary>The principal the circuit should hold now (the stamp may have been refreshed), or null when its session ended.</summary>
    private async Task<ClaimsPrincipal?> CurrentPrincipalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var sessionId = principal.FindFirstValue(DatabaseTicketStore.SessionIdClaim);
        if (sessionId is not null) return await scope.ServiceProvider.GetRequiredService<SessionRefresh>().CurrentPrincipalAsync(sessionId, cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null) return null;
        var stampInCookie = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return stampInCookie == await users.GetSecurityStampAsync(user) ? principal : null;
    }

    private async void OnStateChanged(Task<AuthenticationState> task)
    {
        try { Watch((await task).User); }
        catch (Exception) { /* a failed state task means signed out: nothing to watch */ }
    }

    /// <summary>Subscribes this circuit to "sessions ended" and "stamp rotated" for its person, replacing any earlier subscriptions.</summary>
    public void Watch(ClaimsPrincipal principal)
    {
        revocationSubscription?.Dispose();
        rotationSubscription?.Dispose();
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        revocationSubscription = userId is null ? null : revocations.Subscribe(userId, () => RecheckNowAsync(principal));
        rotationSubscription = userId is null ? null : rotations.Subscribe(userId, () => RecheckNowAsync(principal));
    }

    // The session that made the change gets its refreshed principal (new stamp, same session); any other ends here.
    private async Task RecheckNowAsync(ClaimsPrincipal principal)
    {
        if (hostStopped.IsCancellationRequested) return;
        ClaimsPrincipal? now;
        try { now = await CurrentPrincipalAsync(principal, CancellationToken.None); }
        catch (ObjectDisposedException) { return; } // the app is shutting down under this circuit
        if (hostStopped.IsCancellationRequested) return;
        var stampType = identityOptions.Value.ClaimsIdentity.SecurityStampClaimType;
        if (now is null) SetAuthenticationState(Task.FromResult(SignedOut));
        else if (now.FindFirstValue(stampType) != principal.FindFirstValue(stampType)) SetAuthenticationState(Task.FromResult(new AuthenticationState(now)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= OnStateChanged;
            revocationSubscription?.Dispose();
            rotationSubscription?.Dispose();
        }
        base.Dispose(disposing);
    }
}
