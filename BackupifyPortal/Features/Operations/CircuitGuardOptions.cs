namespace BackupifyPortal.Features.Operations;

/// <summary>Section "Circuits": how much one client address and one circuit connection may hold and send.</summary>
public sealed class CircuitGuardOptions
{
    /// <summary>Live circuit connections from one client address on this instance; the next one is refused. High enough for an office behind one NAT address.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 200;
    /// <summary>Hub messages (events, render acknowledgements, interop replies) one connection may send per minute; fast typing sends about 20 a second.</summary>
    public int MaxEventsPerMinute { get; set; } = 3000;
}
