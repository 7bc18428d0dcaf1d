namespace BackupifyPortal.Data;

/// <summary>Single-use hand-off from the circuit to the HTTP request that writes the auth cookie.</summary>
public class SignInTicket
{
    public Guid Id { get; set; }
    /// <summary>SHA-256 of the ticket; the ticket itself exists only in the browser for a few seconds.</summary>
    public string TokenHash { get; set; } = "";
    public string UserId { get; set; } = "";
    public string BindingHash { get; set; } = "";
    /// <summary>Write the "remember this browser" cookie on redemption.</summary>
    public bool RememberBrowser { get; set; }
    /// <summary>How the person proved themselves, e.g. "pwd" or "pwd+otp"; becomes the amr claim.</summary>
    public string Method { get; set; } = "pwd";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
}
