using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Admin;

/// <summary>A person's two-factor state as the admin console shows and filters it.</summary>
public enum EnrollmentState { None, PhonePending, Phone, App, Both, Passkey }

public static class EnrollmentStateText
{
    public static string Describe(this EnrollmentState state) => state switch
    {
        EnrollmentState.PhonePending => "Phone pending",
        EnrollmentState.Phone => "Phone",
        EnrollmentState.App => "App",
        EnrollmentState.Both => "Phone + app",
        EnrollmentState.Passkey => "Passkey only",
        _ => "None",
    };

    /// <summary>The console's chip, by the one definition (TwoFactor/SecondFactors): a pending phone is not enrolled yet.</summary>
    public static bool IsEnrolled(this EnrollmentState state) => state switch
    {
        EnrollmentState.Both => TwoFactor.SecondFactors.IsEnrolled(PhoneState.Verified, hasApp: true),
        EnrollmentState.App => TwoFactor.SecondFactors.IsEnrolled(PhoneState.None, hasApp: true),
        EnrollmentState.Phone => TwoFactor.SecondFactors.IsEnrolled(PhoneState.Verified, hasApp: false),
        EnrollmentState.PhonePending => TwoFactor.SecondFactors.IsEnrolled(PhoneState.Pending, hasApp: false),
        EnrollmentState.Passkey => TwoFactor.SecondFactors.IsEnrolled(PhoneState.None, hasApp: false, passkeys: 1),
        _ => false,
    };
}

public sealed record EnrollmentRow(string UserId, string Email, string DisplayName, EnrollmentState State, int RecoveryCodesLeft, DateTimeOffset? LastSecondFactorAt, int Passkeys = 0)
{
    /// <summary>Reset 2FA is offered only when there is a phone, an app or a passkey to remove.</summary>
    public bool HasFactorToReset => State != EnrollmentState.None || Passkeys > 0;

    /// <summary>Verified phones (main and backup) and authenticator apps held.</summary>
    public int Phones { get; init; }
    public int Apps { get; init; }

    /// <summary>The factors counted by kind, as the console's 2FA state column reads: "2 phones · 3 apps · 1 passkey".</summary>
    public string FactorsText => TwoFactor.FactorCounts.Describe(Phones, State == EnrollmentState.PhonePending, Apps, Passkeys);
}

/// <summary>Who a new requirement would affect: how many people have no second factor, and the first few of them.</summary>
public sealed record NotEnrolledPeople(int Count, IReadOnlyList<string> FirstEmails);

public sealed record EnrollmentQuery(string? Search = null, EnrollmentState? State = null, int Page = 0, int PageSize = 25);

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentRow> Rows, int Total);

public sealed record EnrollmentSummary(int Enrolled, int Total)
{
    public string Text => $"{Enrolled} of {Total} enrolled";
}
