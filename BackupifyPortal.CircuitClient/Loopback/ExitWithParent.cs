using System.Diagnostics;
using System.Globalization;

namespace BackupifyPortal.CircuitClient.Loopback;

/// <summary>
/// Ends what this process started (a child and its own children, or a daemon such as PostgreSQL) when this process
/// ends, however it ends: SIGKILL, SIGTERM or a crash included. A small watchdog reads a pipe whose only writer is this
/// process; the kernel closes that pipe when this process dies, and the watchdog then runs its command. The watchdog
/// runs in a session of its own (setsid), so a signal sent to this process's whole group (what `timeout` does) does
/// not end it before it acts. Disposing the watchdog lets everything be.
/// </summary>
public sealed class ExitWithParent : IDisposable
{
    private readonly Process watchdog;

    private ExitWithParent(Process watchdog) => this.watchdog = watchdog;

    /// <summary>SIGKILLs <paramref name="child"/> and its children (nginx's workers) when this process ends.</summary>
    public static ExitWithParent Watch(Process child)
    {
        var pid = child.Id.ToString(CultureInfo.InvariantCulture);
        // Children first listed, then all killed at once, so none is re-parented out of reach.
        return Run($"kids=$(pgrep -P {pid}); kill -KILL {pid} $kids 2>/dev/null");
    }

    /// <summary>Runs <paramref name="shellCommand"/> (/bin/sh) when this process ends; for what is not a child of ours.</summary>
    public static ExitWithParent Run(string shellCommand)
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "/bin/sh", "-c", $"cat >/dev/null; {shellCommand}; exit 0" }) info.ArgumentList.Add(arg);
        return new ExitWithParent(Process.Start(info) ?? throw new InvalidOperationException("the watchdog did not start"));
    }

    /// <summary>What the kernel does when this process dies: the pipe closes, the watchdog acts.</summary>
    public void CloseAsIfTheParentDied() => watchdog.StandardInput.Close();

    public bool HasExited => watchdog.HasExited;

    public void Dispose()
    {
        // The shell and its cat go; the pipe is closed after them, so nothing is run.
        if (!watchdog.HasExited) watchdog.Kill(entireProcessTree: true);
        watchdog.WaitForExit(5_000);
        watchdog.Dispose();
    }
}
