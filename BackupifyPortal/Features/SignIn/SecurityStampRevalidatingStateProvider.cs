using System.Security.Claims;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Re-checks a live circuit's session: its server-side session row must still exist and its security stamp
/// must be current. Runs every revalidation interval, and at once when the person's sessions are ended.
/// </summary>
public sealed class SecurityStampRevalidatingStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> identityOptions;
    private readonly IOptions<SignInOptions> signInOptions;
    private readonly SessionRevocations revocations;
    private IDisposable? revocationSubscription;

    public SecurityStampRevalidatingStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> identityOptions,
        IOptions<SignInOptions> signInOptions,
        SessionRevocations revocations) : base(loggerFactory)
    {
        this.scopeFactory = scopeFactory;
        this.identityOptions = identityOptions;
        this.signInOptions = signInOptions;
        this.revocations = revocations;
        AuthenticationStateChanged += OnStateChanged;
    }

    protected override TimeSpan RevalidationInterval => signInOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            return await IsStillValidAsync(authenticationState, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return false; // the app is shutting down under this circuit
        }
    }

    private async Task<bool> IsStillValidAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var principal = authenticationState.User;
        var sessionId = principal.FindFirstValue(DatabaseTicketStore.SessionIdClaim);
        if (sessionId is not null && !await scope.ServiceProvider.GetRequiredService<SessionManager>().IsActiveAsync(sessionId, cancellationToken))
            return false;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null) return false;
        var stampInCookie = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return stampInCookie == await users.GetSecurityStampAsync(user);
    }

    private async void OnStateChanged(Task<AuthenticationState> task)
    {
        try { Watch((await task).User); }
        catch (Exception) { /* a failed state task means signed out: nothing to watch */ }
    }

    /// <summary>Subscribes this circuit to "sessions ended" for its person, replacing any earlier subscription.</summary>
    public void Watch(ClaimsPrincipal principal)
    {
        revocationSubscription?.Dispose();
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        revocationSubscription = userId is null ? null : revocations.Subscribe(userId, () => RecheckNowAsync(principal));
    }

    private async Task RecheckNowAsync(ClaimsPrincipal principal)
    {
        if (!await ValidateAuthenticationStateAsync(new AuthenticationState(principal), CancellationToken.None))
            SetAuthenticationState(Task.FromResult(SignedOut));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= OnStateChanged;
            revocationSubscription?.Dispose();
        }
        base.Dispose(disposing);
    }
}
