using System.Runtime.InteropServices;

namespace BackupifyPortal.Bench;

/// <summary>
/// Thousands of idle circuits are thousands of sockets in the bench and in every portal process (children inherit the
/// limit): raise RLIMIT_NOFILE as far as this user may (root: to <see cref="Wanted"/>).
/// </summary>
internal static class OpenFilesLimit
{
    private const int RlimitNofile = 7;
    public const ulong Wanted = 262_144;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit { public ulong Soft; public ulong Hard; }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Limit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Limit limit);

    /// <summary>The soft limit now in force.</summary>
    public static ulong Raise()
    {
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var current) != 0) return 0;
        var wanted = new Limit { Soft = Wanted, Hard = Math.Max(current.Hard, Wanted) };
        if (setrlimit(RlimitNofile, ref wanted) == 0) return Wanted;
        var withinHard = new Limit { Soft = current.Hard, Hard = current.Hard }; // not root: as far as the hard limit
        return setrlimit(RlimitNofile, ref withinHard) == 0 ? current.Hard : current.Soft;
    }
}
