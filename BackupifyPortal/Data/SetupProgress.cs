namespace BackupifyPortal.Data;

/// <summary>Where a person is in the setup wizard, so they can leave and resume. One row per person.</summary>
public class SetupProgress
{
    public string UserId { get; set; } = "";
    /// <summary>Index of the wizard step the person reached (0 = choose method).</summary>
    public int StepIndex { get; set; }
    /// <summary>"phone" or "app" once chosen.</summary>
    public string? Method { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The step support's console shows ("Current step: …"), from the wizard or a setup dialog; read by every instance.</summary>
    public string? CurrentStep { get; set; }
    public DateTimeOffset? CurrentStepAt { get; set; }
    /// <summary>How the person's last setup dialog or wizard ended ("finished: Authenticator App on" or "abandoned at …"), for support.</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
}
