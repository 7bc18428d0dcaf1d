namespace BackupifyPortal.Features.Limits;

/// <summary>Section "Limits:Password": every rule about wrong passwords (sign-in, Change password, Confirm it's you, an admin's own check).</summary>
public sealed class PasswordLimitOptions
{
    /// <summary>Wrong passwords (per account+address, and per account from unknown addresses) before waits start.</summary>
    public int Burst { get; set; } = 5;
    public TimeSpan FirstWait { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Each further wrong password multiplies the wait by this.</summary>
    public double Growth { get; set; } = 2;
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(1);
    /// <summary>NIST 800-63B: after this many consecutive wrong passwords the password alone never signs in again.</summary>
    public int ConsecutiveFailureCap { get; set; } = 100;
    /// <summary>Wrong passwords from one address, over all accounts, in <see cref="AddressWindow"/> before the spray guard.</summary>
    public int AddressFailureLimit { get; set; } = 100;
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);
}
