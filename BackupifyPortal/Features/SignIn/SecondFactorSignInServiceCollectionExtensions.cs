using BackupifyPortal.Features.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.SignIn;

public static class SecondFactorSignInServiceCollectionExtensions
{
    /// <summary>The sign-in attempt state machine; needs the phone, authenticator and email features registered too.</summary>
    public static IServiceCollection AddSecondFactorSignIn(this IServiceCollection services)
    {
        services.TryAddSingleton<ISignInTickets, SignInTickets>();
        services.TryAddSingleton<ISignInAttempts, SignInAttempts>();
        services.TryAddSingleton<Passkeys.PasskeyCeremonies>(); // "Use a passkey" at Two Factor Log In
        services.TryAddSingleton<Passkeys.PasskeyVerifier>();
        services.TryAddSingleton<SecondFactorSignIn>();
        services.AddClientContext(); // the sign-in's client address
        return services;
    }
}
