namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>The demo sign-ins of UI-CONTRACT.md (seeded by the app in Development).</summary>
public static class DemoPeople
{
    public const string Password = "Demo-Pass-2026";
    public const string Partner = "partner@demo.test";
    public const string PartnerClassic = "partner-classic@demo.test";
    public const string Direct = "direct@demo.test";
    public const string DirectClassic = "direct-classic@demo.test";
    public const string Admin = "admin@demo.test";
    public const string Support = "support@demo.test";
    /// <summary>Admin of the Backupify Support organisation: owns the support accounts (unlock, reset).</summary>
    public const string SupportOwner = "support-admin@demo.test";

    public static readonly string[] All = [Partner, PartnerClassic, Direct, DirectClassic, Admin, Support, SupportOwner];
}
