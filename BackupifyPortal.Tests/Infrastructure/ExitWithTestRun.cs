using System.Diagnostics;
using System.Globalization;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// Ends a child process (and its own children: nginx's workers) when this test process ends, however it ends: a killed
/// or crashed test run included. A small watchdog reads a pipe whose only writer is this process; the kernel closes
/// that pipe when this process dies, and the watchdog then SIGKILLs the child. Disposing the watchdog lets the child be.
/// </summary>
public sealed class ExitWithTestRun : IDisposable
{
    private readonly Process watchdog;

    private ExitWithTestRun(Process watchdog) => this.watchdog = watchdog;

    public static ExitWithTestRun Watch(Process child)
    {
        var pid = child.Id.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        // Children first listed, then all killed at once, so none is re-parented out of reach.
        info.ArgumentList.Add($"cat >/dev/null; kids=$(pgrep -P {pid}); kill -KILL {pid} $kids 2>/dev/null; exit 0");
        return new ExitWithTestRun(Process.Start(info) ?? throw new InvalidOperationException("the watchdog did not start"));
    }

    /// <summary>What the kernel does when the test process dies: the pipe closes, the watchdog acts.</summary>
    public void CloseAsIfTheTestRunDied() => watchdog.StandardInput.Close();

    public bool HasExited => watchdog.HasExited;

    public void Dispose()
    {
        // The shell and its cat go; the pipe is closed after them, so nothing is killed.
        if (!watchdog.HasExited) watchdog.Kill(entireProcessTree: true);
        watchdog.WaitForExit(5_000);
        watchdog.Dispose();
    }
}
