namespace BackupifyPortal.Features.SignIn;

/// <summary>One live session as the Sessions panel lists it. <see cref="Id"/> stays on the server: it is never rendered.</summary>
public sealed record SessionSummary(string Id, DateTimeOffset SignedInAt, DateTimeOffset LastActiveAt, string? IpAddress, string Browser);
