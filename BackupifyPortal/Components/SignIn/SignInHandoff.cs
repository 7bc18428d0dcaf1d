namespace BackupifyPortal.Components.SignIn;

/// <summary>
/// What a sign-in step hands to Two Factor Log In once the service answered: the ticket to redeem (null: the attempt
/// expired or was completed elsewhere), and whether the step still shows a warning before the page moves on.
/// </summary>
public sealed record SignInHandoff(string? Ticket, bool WaitForContinue = false);
