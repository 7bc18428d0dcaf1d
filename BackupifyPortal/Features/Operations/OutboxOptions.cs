namespace BackupifyPortal.Features.Operations;

public enum OutboxMode
{
    /// <summary>Texts and emails are sent (Twilio, SMTP); only Development falls back to the database outbox.</summary>
    Send,
    /// <summary>The operator's explicit choice: what Twilio or SMTP would send is kept, in plain text, in the outbox table.</summary>
    Database,
}

/// <summary>Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public OutboxMode Mode { get; set; } = OutboxMode.Send;

    /// <summary>
    /// Outside Development, serve /dev/outbox to loopback clients so a tester of a demo cluster can read codes. Off by
    /// default; refused at start unless <see cref="Mode"/> is Database (then nothing is really sent to anyone).
    /// </summary>
    public bool Page { get; set; }
}
