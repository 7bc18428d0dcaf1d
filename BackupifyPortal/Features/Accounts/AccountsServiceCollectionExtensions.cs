using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>A person's accounts and profile (name, time zone).</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton<IAccountDirectory, AccountDirectory>();
        services.TryAddSingleton<PersonProfiles>();
        return services;
    }
}
