using System.Security.Claims;
using System.Text.RegularExpressions;

namespace BackupifyPortal.Features.Accounts;

/// <summary>
/// Refuses, with 403 before any page renders, a request for an account page whose account id is not
/// the signed-in person's. The pages check again in the circuit.
/// </summary>
public sealed partial class AccountOwnershipMiddleware(RequestDelegate next)
{
    [GeneratedRegex("^/(partner|backupify)/(?<id>[0-9a-fA-F-]{36})(/|$)")]
    private static partial Regex AccountPath();

    public async Task InvokeAsync(HttpContext context, IAccountDirectory accounts)
    {
        var match = AccountPath().Match(context.Request.Path.Value ?? "");
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (match.Success && userId is not null && Guid.TryParse(match.Groups["id"].Value, out var accountId)
            && await accounts.FindOwnedAsync(userId, accountId, context.RequestAborted) is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(context);
    }
}
