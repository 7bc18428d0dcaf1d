namespace BackupifyPortal.Features.Admin;

public enum SendStatus { Sent, NotAllowed, Throttled }

/// <summary>What a "send" button did; <see cref="Message"/> is the plain sentence shown next to it when refused for the send limits.</summary>
public sealed record SendResult(SendStatus Status, string? Message = null)
{
    public static readonly SendResult Done = new(SendStatus.Sent);
    public static readonly SendResult Refused = new(SendStatus.NotAllowed);
    public bool Sent => Status == SendStatus.Sent;
}
