using System.Threading.RateLimiting;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Per-IP limits on the sign-in HTTP endpoints; the password form itself is limited in <see cref="PasswordSignIn"/>.</summary>
public static class SignInRateLimits
{
    // Keyed by path so that the limit also holds for requests that match no endpoint under /account.
    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, int requestsPerMinute) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // A body of its own keeps the status-code pages from re-executing the request into a page.
            o.OnRejected = (context, ct) => new ValueTask(context.HttpContext.Response.WriteAsync("Too many requests. Wait a minute and try again.", ct));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/account")
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
        });
}
