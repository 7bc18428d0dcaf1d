namespace BackupifyPortal.Components.Settings;

/// <summary>What the Enable dialog did; when the box was ticked the page goes on to Choose Your Authenticator.</summary>
public sealed record EnableTwoFactorResult(bool ContinueToAuthenticatorSetup);
