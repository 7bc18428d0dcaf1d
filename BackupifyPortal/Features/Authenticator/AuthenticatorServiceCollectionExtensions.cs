using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
namespace BackupifyPortal.Features.Authenticator;

public static class AuthenticatorServiceCollectionExtensions
{
    /// <summary>Authenticator apps: TOTP with replay protection, QR codes, recovery codes.</summary>
    public static IServiceCollection AddAuthenticatorTwoFactor(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<AuthenticatorOptions>(config.GetSection("Authenticator"));
        services.AddSingleton<AuthenticatorSecrets>();
        services.AddSingleton<IAuthenticatorCodes, AuthenticatorCodes>();
        services.AddSingleton<IRecoveryCodes, RecoveryCodes>();
        services.AddSingleton<IAuthenticatorEnrollment, AuthenticatorEnrollment>();
        services.AddSecurityStamps();
        services.AddFactorChanges();
        return services;
    }
}
