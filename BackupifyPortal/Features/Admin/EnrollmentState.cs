namespace BackupifyPortal.Features.Admin;

/// <summary>A person's two-factor state as the admin console shows and filters it.</summary>
public enum EnrollmentState { None, PhonePending, Phone, App, Both }

public static class EnrollmentStateText
{
    public static string Describe(this EnrollmentState state) => state switch
    {
        EnrollmentState.PhonePending => "Phone pending",
        EnrollmentState.Phone => "Phone",
        EnrollmentState.App => "App",
        EnrollmentState.Both => "Phone + app",
        _ => "None",
    };

    /// <summary>Pending phones are not enrolled yet: the number is verified only at the next sign-in.</summary>
    public static bool IsEnrolled(this EnrollmentState state) => state is EnrollmentState.Phone or EnrollmentState.App or EnrollmentState.Both;
}

public sealed record EnrollmentRow(string UserId, string Email, string DisplayName, EnrollmentState State, int RecoveryCodesLeft, DateTimeOffset? LastSecondFactorAt);

public sealed record EnrollmentQuery(string? Search = null, EnrollmentState? State = null, int Page = 0, int PageSize = 25);

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentRow> Rows, int Total);

public sealed record EnrollmentSummary(int Enrolled, int Total)
{
    public string Text => $"{Enrolled} of {Total} enrolled";
}
