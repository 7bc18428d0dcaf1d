namespace BackupifyPortal.Features.Admin;

/// <summary>Names of the console authorisation policies and the claim they read.</summary>
public static class ConsolePolicies
{
    public const string RoleClaim = "portal_role";
    /// <summary>An organisation admin: claim portal_role=Admin and an organisation in the database.</summary>
    public const string Admin = "Admin";
    /// <summary>Support staff: claim portal_role=Support; global, but never sees secrets.</summary>
    public const string Support = "Support";
    /// <summary>Either of the two (the audit log view and its CSV export).</summary>
    public const string AdminOrSupport = "AdminOrSupport";
}
