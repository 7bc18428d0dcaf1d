using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Per-IP limits on the sign-in HTTP endpoints; the password form itself is limited in <see cref="PasswordSignIn"/>.</summary>
public static class SignInRateLimits
{
    public const string HandoffPolicy = "signin-handoff";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(HandoffPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
}
