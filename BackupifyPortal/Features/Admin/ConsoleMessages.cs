namespace BackupifyPortal.Features.Admin;

/// <summary>The admin console's sentences that depend on data: who a requirement or a reminder reaches, the policy's standing, an unlock's outcome.</summary>
public static class ConsoleMessages
{
    public const string EveryoneEnrolled = "Everyone in your organisation already has two-factor authentication.";

    /// <summary>The first few addresses, then how many more.</summary>
    public static string Names(NotEnrolledPeople people) =>
        string.Join(", ", people.FirstEmails) + (people.Count > people.FirstEmails.Count ? $" and {people.Count - people.FirstEmails.Count} more" : "");

    public static string ConfirmReminders(NotEnrolledPeople people) =>
        $"Send a setup link to each of the {people.Count} {(people.Count == 1 ? "person" : "people")} without two-factor authentication: {Names(people)}?";

    public static string ConfirmRequirement(NotEnrolledPeople people, int graceDays) => people.Count == 0
        ? EveryoneEnrolled
        : $"{people.Count} {(people.Count == 1 ? "person has" : "people have")} no two-factor authentication yet: {Names(people)}"
          + $". They can sign in for {graceDays} more {(graceDays == 1 ? "day" : "days")}; after that they must set it up before anything else.";

    public static string PolicyStatus(TwoFactorPolicy? policy, string? timeZoneId) => policy switch
    {
        { Required: true, GraceEndsAt: { } ends } => $"Required for everyone in {policy.OrganizationName}. People without two-factor authentication can sign in until {Accounts.PersonTime.Format(ends, timeZoneId)}; after that they must set it up first.",
        { Required: true } => $"Required for everyone in {policy.OrganizationName}.",
        _ => "Not required: people choose whether to use two-factor authentication.",
    };

    public const string IdentityCheckLimited = "Too many wrong codes for this customer. Try again tomorrow, or ask their organisation's admin to reset them.";

    /// <summary>Support proves the customer with their emailed code; an admin with their own password.</summary>
    public static string IdentityCheckFailed(ConsoleRole? role) => role == ConsoleRole.Support
        ? "That code is not right or has expired. Send a new one if needed."
        : "That password is not right.";

    public static string Unlocked(UnlockOutcome outcome, string email) => outcome switch
    {
        UnlockOutcome.Done => $"{email} can sign in again. Their two-factor settings are unchanged.",
        UnlockOutcome.NothingToUnlock => $"{email} was not waiting.",
        _ => "You cannot unlock this person.",
    };
}
