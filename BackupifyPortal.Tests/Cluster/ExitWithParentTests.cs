using System.Diagnostics;
using BackupifyPortal.CircuitClient.Loopback;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Cluster;

/// <summary>
/// The cluster's instances, nginx and PostgreSQL outlive a killed test run unless something ends them: the watchdog
/// does, when the pipe from the test process closes (what the kernel does as that process dies), and only then.
/// </summary>
public sealed class ExitWithParentTests
{
    [Fact]
    public async Task WhenTheTestRunDies_TheChildAndItsOwnChildrenAreKilled()
    {
        // Like nginx: a parent that started a worker of its own.
        using var child = Start("sleep 600 & wait");
        var worker = await WorkerOfAsync(child.Id);
        using var watchdog = ExitWithParent.Watch(child);

        watchdog.CloseAsIfTheParentDied();

        Assert.True(child.WaitForExit(10_000), "the child outlived the test run");
        await WaitGoneAsync(worker);
    }

    [Fact]
    public async Task WhileTheTestRunLives_OrAfterTheWatchdogIsDisposed_TheChildIsLeftAlone()
    {
        using var child = Start("sleep 600");
        using (ExitWithParent.Watch(child)) await Task.Delay(500);

        Assert.False(child.HasExited);
        child.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task WhenTheTestRunDies_ItsPostgresServerStops_AndItsFolderIsDeleted()
    {
        var server = PostgresServer.Start();
        try
        {
            var postmaster = server.PostmasterProcessId;
            Assert.True(Directory.Exists($"/proc/{postmaster}"));

            server.Watchdog.CloseAsIfTheParentDied();

            await WaitGoneAsync(postmaster);
            for (var waited = Stopwatch.StartNew(); Directory.Exists(server.DataDirectory); await Task.Delay(100))
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the data folder outlived the test run");
        }
        finally { server.Stop(); }
    }

    private static Process Start(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        return Process.Start(info)!;
    }

    private static async Task<int> WorkerOfAsync(int parent)
    {
        for (var tries = 0; tries < 50; tries++, await Task.Delay(100))
        {
            var children = File.Exists($"/proc/{parent}/task/{parent}/children") ? (await File.ReadAllTextAsync($"/proc/{parent}/task/{parent}/children")).Trim() : "";
            if (children.Length > 0) return int.Parse(children.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("the child started no worker");
    }

    private static async Task WaitGoneAsync(int pid)
    {
        for (var waited = Stopwatch.StartNew(); Directory.Exists($"/proc/{pid}"); await Task.Delay(100))
        {
            // A killed process stays a zombie until its parent (here: none left, so init) reaps it.
            if (File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z") return;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"process {pid} outlived the test run");
        }
    }
}
