using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Authenticator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>
/// Issue 18 item 5: support's card hears "finished: …" from the factor change itself (FactorChanges knows which factor
/// went on), not from the audit log; a setup dialog or the wizard left half-way is "abandoned at &lt;step&gt;".
/// The test clock is frozen: every event below happens at the same instant.
/// </summary>
public sealed class SetupOutcomeTests : IAsyncLifetime
{
    private const string ChooseStep1 = "Choose Your Authenticator — Step 1 of 3: choose your app";
    private const string ChooseStep2 = "Choose Your Authenticator — Step 2 of 3: scan the QR code and type the code";
    private AuthenticatorTestHost host = null!;

    public async Task InitializeAsync() => host = await AuthenticatorTestHost.StartAsync();

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    private SetupProgressNotifier Notifier => host.Services.GetRequiredService<SetupProgressNotifier>();

    private async Task<string?> OutcomeAsync() => (await Notifier.LastOutcomeAsync(host.UserId))?.Outcome;

    [Fact]
    public async Task AppTurnedOnBeforeTheDialogOpened_AtTheSameInstant_DoesNotMakeThisDialogFinished()
    {
        await host.EnrollAsync("Authy");

        await Notifier.BeginAsync(host.UserId, ChooseStep1);
        var outcome = await Notifier.EndAsync(host.UserId, "Choose Your Authenticator");

        Assert.Equal($"abandoned at {ChooseStep1}", outcome);
        Assert.Equal($"abandoned at {ChooseStep1}", await OutcomeAsync());
    }

    [Fact]
    public async Task TurningTheAppOn_TellsTheCardFinished_AtOnce_AndClosingTheDialogKeepsIt()
    {
        var told = new List<string>();
        using var _ = host.Services.GetRequiredService<IPortalEvents>().Subscribe<SetupEnded>(host.UserId, e => { lock (told) told.Add(e.Outcome); return Task.CompletedTask; });
        await Notifier.BeginAsync(host.UserId, ChooseStep2);

        await host.EnrollAsync("Authy");

        Assert.Equal("finished: Authenticator App on", await OutcomeAsync()); // before the dialog closes
        await WaitUntilAsync(() => { lock (told) return told.Contains("finished: Authenticator App on"); });
        Assert.Equal("finished: Authenticator App on", await Notifier.EndAsync(host.UserId, "Choose Your Authenticator"));
        Assert.Equal("finished: Authenticator App on", await OutcomeAsync());
        Assert.Null(await Notifier.LastStepAsync(host.UserId));
    }

    [Fact]
    public async Task AnAuditEventAlone_IsNotAFinish_OnlyTheFactorChangeTellsIt()
    {
        await Notifier.BeginAsync(host.UserId, ChooseStep2);
        await host.Services.GetRequiredService<IAuditLog>().WriteAsync(AuditEventTypes.AuthenticatorEnabled, host.UserId, "Authy");

        Assert.Equal($"abandoned at {ChooseStep2}", await Notifier.EndAsync(host.UserId, "Choose Your Authenticator"));
    }

    [Fact]
    public async Task ADialogClosingAfterTheNextOneOpened_LeavesTheNewerOnesCardAlone()
    {
        await Notifier.BeginAsync(host.UserId, "Enable Two Factor Authentication — entering country code and phone number");
        await host.EnrollAsync("Authy");
        await Notifier.BeginAsync(host.UserId, ChooseStep1);

        await Notifier.EndAsync(host.UserId, "Enable Two Factor Authentication");

        Assert.Null(await OutcomeAsync());
        Assert.Equal(ChooseStep1, await Notifier.LastStepAsync(host.UserId));
        Assert.Equal($"abandoned at {ChooseStep1}", await Notifier.EndAsync(host.UserId, "Choose Your Authenticator"));
    }

    [Fact]
    public async Task LeavingTheWizardHalfWay_IsAbandonedAtItsStep_ButNotOnceAFactorWentOn()
    {
        var wizard = host.Services.GetRequiredService<SetupWizardProgress>();
        await wizard.OpenAsync(host.UserId);
        await wizard.SaveAsync(host.UserId, 1, "app", "Setup wizard: Set up app");

        await wizard.LeaveAsync(host.UserId);

        Assert.Equal("abandoned at Setup wizard: Set up app", await OutcomeAsync());

        await wizard.OpenAsync(host.UserId);
        Assert.Null(await OutcomeAsync()); // a new run
        await wizard.SaveAsync(host.UserId, 1, "app", "Setup wizard: Set up app");
        await host.EnrollAsync("Authy");
        await wizard.SaveAsync(host.UserId, 2, "app", "Setup wizard: Verify");
        await wizard.LeaveAsync(host.UserId);

        Assert.Equal("finished: Authenticator App on", await OutcomeAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }

    /// <summary>
    /// Issue 14: Blazor disposes a stopped portal's circuits after its services, and the wizard's dispose then queried
    /// through the disposed provider (an EF "disposed object" trace at every stop with the wizard open).
    /// </summary>
    [Fact]
    public async Task LeavingTheWizard_AfterThePortalStopped_TouchesNoDisposedService()
    {
        var wizard = host.Services.GetRequiredService<SetupWizardProgress>();
        await wizard.OpenAsync(host.UserId);
        await wizard.SaveAsync(host.UserId, 1, "app", "Setup wizard: Set up app");
        var lifetime = (Microsoft.Extensions.Hosting.Internal.ApplicationLifetime)host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        lifetime.StopApplication();
        lifetime.NotifyStopped();
        await host.RestartAsync(); // the stopped host's services are disposed; the wizard's circuit is not yet

        var logged = host.Logs.Entries.Count;

        await wizard.LeaveAsync(host.UserId);

        // Not one query through the stopped host's services (the old code logged EF's work on them, then the disposed provider).
        Assert.Empty(host.Logs.Entries.Skip(logged).Select(e => e.FullText));
        Assert.Null(await OutcomeAsync());
    }
}
