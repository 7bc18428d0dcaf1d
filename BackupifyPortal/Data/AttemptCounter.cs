namespace BackupifyPortal.Data;

/// <summary>
/// One counter of the limiter (Features/Limits): how many failures one key has had, and until when it must wait.
/// Written only by single atomic SQL statements, so parallel requests cannot outrun a limit.
/// </summary>
public class AttemptCounter
{
    /// <summary>Which rule counts here (<c>CounterKinds</c>), e.g. "password-pair".</summary>
    public string Kind { get; set; } = "";
    /// <summary>"acct:{userId}", "acct:{userId}|{ip}", "ip:{ip}", or "email:{keyed hash}" for an email with no account.</summary>
    public string Key { get; set; } = "";
    public int Count { get; set; }
    /// <summary>When the current count started; windowed rules start again after their window.</summary>
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
