namespace BackupifyPortal.Features.Passwords;

public static class PasswordServiceCollectionExtensions
{
    public static IServiceCollection AddPortalPasswords(this IServiceCollection services)
    {
        services.AddSingleton<CommonPasswords>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<IPasswordChange, PasswordChange>();
        return services;
    }
}
