using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace BackupifyPortal.Features.Admin;

/// <summary>Met when the signed-in person is support staff (if allowed) or an admin who really has an organisation (if allowed).</summary>
public sealed record ConsoleRoleRequirement(bool AllowAdmin, bool AllowSupport) : IAuthorizationRequirement;

/// <summary>Reads the role from the database, not only the cookie, so a demoted person loses access at once.</summary>
public sealed class ConsoleRoleHandler(ConsoleActors actors) : AuthorizationHandler<ConsoleRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsoleRoleRequirement requirement)
    {
        var id = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return;
        // The role alone: an admin who must first set up 2FA reaches the page, which says so (and every service refuses them).
        var actor = await actors.FindRoleAsync(id);
        if (actor is null) return;
        if ((actor.Role == ConsoleRole.Admin && requirement.AllowAdmin) || (actor.Role == ConsoleRole.Support && requirement.AllowSupport))
            context.Succeed(requirement);
    }
}
