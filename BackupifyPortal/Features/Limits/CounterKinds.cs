namespace BackupifyPortal.Features.Limits;

/// <summary>The kinds of counters and how their keys are built, so every caller spells a key the same way.</summary>
public static class CounterKinds
{
    /// <summary>Wrong passwords for one account (or unknown email) from one address.</summary>
    public const string PasswordPair = "password-pair";
    /// <summary>Wrong passwords for one account from addresses not known for it.</summary>
    public const string PasswordAccount = "password-account";
    /// <summary>Consecutive wrong passwords for one account from anywhere (the NIST cap of 100).</summary>
    public const string PasswordTotal = "password-total";
    /// <summary>Wrong passwords from one address over all accounts (the spray guard).</summary>
    public const string PasswordAddress = "password-address";
    /// <summary>Right passwords for one account from one address: that address is known for the account.</summary>
    public const string KnownAddress = "known-address";
    /// <summary>Wrong second-factor codes of one person, every factor together.</summary>
    public const string SecondFactor = "code";
    /// <summary>Tries of one identity-check code support types for a customer (key "check:{codeId}").</summary>
    public const string IdentityCheckCode = "identity-code";
    /// <summary>Requests from one address to the /account endpoints (key "ip:{ip}"), a one-minute window.</summary>
    public const string AccountRequests = "account-requests";
    /// <summary>Wrong identity-check codes for one customer over all their codes (key "subject:{userId}").</summary>
    public const string IdentityCheckCustomer = "identity-customer";
    /// <summary>Setup links sent to one person (key "subject:{userId}"), whoever asked.</summary>
    public const string SetupLinkToPerson = "send-setup-person";
    /// <summary>Setup links asked for from one address (key "ip:{ip}").</summary>
    public const string SetupLinkFromAddress = "send-setup-address";
    /// <summary>Identity-check codes sent to one customer (key "subject:{userId}").</summary>
    public const string IdentityCodeToPerson = "send-identity-person";
    /// <summary>Identity-check codes asked for from one address (key "ip:{ip}").</summary>
    public const string IdentityCodeFromAddress = "send-identity-address";
    /// <summary>Failed passkey sign-ins from one address (the person is unknown until a passkey matches).</summary>
    public const string PasskeyAddress = "passkey-address";
    /// <summary>Refused provider callbacks from one address (key "ip:{ip}"): only so many are audited, so forgeries cannot flood the log.</summary>
    public const string RejectedCallbackAddress = "callback-rejected-address";

    public static string Account(string userId) => "acct:" + userId;
    /// <summary>A person something is sent to or asked about: apart from "acct:", so a send limit never shows as a lock and an unlock never lifts it.</summary>
    public static string Subject(string userId) => "subject:" + userId;
    public static string Address(string? ip) => "ip:" + (string.IsNullOrWhiteSpace(ip) ? "unknown" : ip.Trim());
    public static string Pair(string accountKey, string? ip) => accountKey + "|" + Address(ip);
    /// <summary>Known addresses live under their own prefix, so an unlock (which clears "acct:…") keeps them.</summary>
    public static string Known(string userId, string? ip) => "known:" + userId + "|" + Address(ip);
}
