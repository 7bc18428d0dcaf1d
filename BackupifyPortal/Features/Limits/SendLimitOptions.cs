namespace BackupifyPortal.Features.Limits;

/// <summary>At most <see cref="Max"/> messages in <see cref="Window"/>; the one after waits a whole window.</summary>
public sealed class SendLimit
{
    public int Max { get; set; }
    public TimeSpan Window { get; set; }

    public LimitRule Rule(string kind) => new(kind, Math.Max(1, Max), Window) { Window = Window };
}

/// <summary>Section "Limits:Send": emails a person or an address may cause (setup links, identity-check codes).</summary>
public sealed class SendLimitOptions
{
    /// <summary>Setup links to one person, whoever sends them (admin, support, the person's own "Email me a setup link").</summary>
    public SendLimit SetupLinkPerPerson { get; set; } = new() { Max = 3, Window = TimeSpan.FromHours(1) };
    /// <summary>Setup links asked for from one address: an admin may send one to each person of a large organisation.</summary>
    public SendLimit SetupLinkPerAddress { get; set; } = new() { Max = 100, Window = TimeSpan.FromHours(1) };
    public SendLimit IdentityCodePerPerson { get; set; } = new() { Max = 3, Window = TimeSpan.FromMinutes(30) };
    public SendLimit IdentityCodePerAddress { get; set; } = new() { Max = 20, Window = TimeSpan.FromHours(1) };
}
