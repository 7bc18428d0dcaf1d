using BackupifyPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.Phone;

/// <summary>The Identity reads phone enrollment needs, each in a fresh scope because the callers are singletons; stamp and 2FA-flag changes go through TwoFactor/FactorChanges.</summary>
public sealed class AccountSecurity(IServiceScopeFactory scopes)
{
    public async Task<bool> CheckPasswordAsync(string userId, string password)
    {
        var ok = false;
        await WithUserAsync(userId, async (users, user) => ok = await users.CheckPasswordAsync(user, password));
        return ok;
    }

    public async Task<string?> LocaleAsync(string userId)
    {
        string? locale = null;
        await WithUserAsync(userId, (_, user) => { locale = user.Locale; return Task.CompletedTask; });
        return locale;
    }

    private async Task WithUserAsync(string userId, Func<UserManager<PortalUser>, PortalUser, Task> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByIdAsync(userId) is { } user) await action(users, user);
    }
}
