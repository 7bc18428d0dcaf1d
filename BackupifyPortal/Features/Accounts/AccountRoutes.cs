using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Accounts;

/// <summary>Where each kind of account lives; the one place that builds these paths.</summary>
public static class AccountRoutes
{
    public const string Chooser = "/accounts";

    public static string Home(PortalAccount account) => Home(account.Kind, account.Id);

    public static string Home(AccountKind kind, Guid id) => kind == AccountKind.PartnerPortal
        ? $"/partner/{id}"
        : $"/backupify/{id}/status";

    /// <summary>The chooser's shortcut: with one account there is nothing to choose, so its home; null shows the choice.</summary>
    public static string? OnlyChoice(IReadOnlyList<PortalAccount> accounts) => accounts.Count == 1 ? Home(accounts[0]) : null;

    public static string Settings(AccountKind kind, Guid id) => kind == AccountKind.PartnerPortal
        ? $"/partner/{id}/settings"
        : $"/backupify/{id}/settings";

    public static string KindLabel(AccountKind kind) => kind switch
    {
        AccountKind.PartnerPortal => "Partner Portal",
        AccountKind.BackupifyClassic => "Backupify Classic",
        _ => "Backupify 2.0",
    };
}
