using BackupifyPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Identity's UserManager that announces its own stamp rotations, so live circuits re-check at once. The portal rotates
/// through <see cref="SecurityStamps"/>; a rotation made here records no session, so every session of the person ends.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    SecurityStampRotations rotations)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> UpdateSecurityStampAsync(PortalUser user)
    {
        var result = await base.UpdateSecurityStampAsync(user);
        if (result.Succeeded) await rotations.NotifyAsync(user.Id);
        return result;
    }
}
