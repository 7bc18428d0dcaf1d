using System.Runtime.InteropServices;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Bench;

/// <summary>
/// Inside the bench's portal process only: the app's own password hasher, counting each verification and the CPU
/// time its thread spent in it. That splits the portal's CPU per sign-in into the PBKDF2 hash and everything else,
/// measured at the same moment, so machine speed drift cannot bias the split.
/// </summary>
public sealed class TimedPasswordHasher(IPasswordHasher<PortalUser> inner) : IPasswordHasher<PortalUser>
{
    private static long verifications, cpuTicks;

    public static HashSample Sample() => new(Interlocked.Read(ref verifications), TimeSpan.FromTicks(Interlocked.Read(ref cpuTicks)).TotalMilliseconds);

    public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
    {
        var before = ThreadCpu();
        try { return inner.VerifyHashedPassword(user, hashedPassword, providedPassword); }
        finally
        {
            Interlocked.Add(ref cpuTicks, (ThreadCpu() - before).Ticks);
            Interlocked.Increment(ref verifications);
        }
    }

    /// <summary>Wraps whatever hasher the app registered, keeping its lifetime and options.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IPasswordHasher<PortalUser>));
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(IPasswordHasher<PortalUser>), sp => new TimedPasswordHasher(
            registered.ImplementationInstance as IPasswordHasher<PortalUser>
            ?? (IPasswordHasher<PortalUser>)(registered.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))),
            registered.Lifetime));
    }

    private static TimeSpan ThreadCpu()
    {
        clock_gettime(ClockThreadCpuTime, out var now);
        return TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100);
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}

/// <summary>Password verifications so far in the portal process and the thread CPU they took.</summary>
public sealed record HashSample(long Verifications, double CpuMilliseconds);
