using System.Security.Claims;
using BackupifyPortal.Features.Admin;

namespace BackupifyPortal.Features.Accounts;

/// <summary>
/// Where a person starts. "/" sends a visitor who is not signed in to Log In, console staff to their console
/// and everyone else to their accounts; a sign-in with no return URL lands on "/" too.
/// </summary>
public static class PersonHome
{
    public const string Route = "/";
    public const string AdminConsole = "/admin";
    public const string SupportConsole = "/support";

    /// <summary>The console a person works in, with its name for a link; null for a customer.</summary>
    public static (string Path, string Name)? ConsoleOf(ConsoleActor? actor) => actor?.Role switch
    {
        ConsoleRole.Admin => (AdminConsole, "Admin console"),
        ConsoleRole.Support => (SupportConsole, "Support console"),
        _ => null,
    };

    public static async Task<string> PathForAsync(ConsoleActors actors, string userId, CancellationToken ct = default) =>
        ConsoleOf(await actors.FindRoleAsync(userId, ct))?.Path ?? AccountRoutes.Chooser;

    public static IEndpointRouteBuilder MapPersonHome(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, async (HttpContext context, ConsoleActors actors) =>
            context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
                ? Results.LocalRedirect(await PathForAsync(actors, userId, context.RequestAborted))
                : Results.LocalRedirect("/login"));
        return app;
    }
}
