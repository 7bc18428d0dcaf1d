using BackupifyPortal.Features.Limits;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Per-address limit on the sign-in HTTP endpoints (everything under /account, matched or not); the password form
/// itself is limited in <see cref="PasswordSignIn"/>. Counted in the database through <see cref="AttemptLimiter"/>,
/// so it holds across instances and restarts: after <see cref="SignInOptions.AccountRequestsPerMinute"/> requests
/// in a minute the address waits a minute.
/// </summary>
public sealed class AccountRequestLimit(RequestDelegate next, AttemptLimiter limiter, IOptions<SignInOptions> options)
{
    public static LimitRule Rule(int requestsPerMinute) =>
        new(CounterKinds.AccountRequests, requestsPerMinute, TimeSpan.FromMinutes(1)) { Window = TimeSpan.FromMinutes(1) };

    public async Task InvokeAsync(HttpContext context, Operations.ClientContext client)
    {
        if (!context.Request.Path.StartsWithSegments("/account"))
        {
            await next(context);
            return;
        }
        var address = CounterKinds.Address(client.Address);
        var take = await limiter.TryTakeAsync(Rule(options.Value.AccountRequestsPerMinute), address, context.RequestAborted);
        if (take.Taken)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        // A body of its own keeps the status-code pages from re-executing the request into a page.
        await context.Response.WriteAsync("Too many requests. Wait a minute and try again.", context.RequestAborted);
    }
}
