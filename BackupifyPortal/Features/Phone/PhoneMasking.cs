namespace BackupifyPortal.Features.Phone;

/// <summary>The only form in which a phone number may reach a log, the audit table or support: last 2 digits.</summary>
public static class PhoneMasking
{
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164)) return "";
        var digits = new string(e164.Where(char.IsDigit).ToArray());
        return digits.Length < 2 ? "••" : "••• ••• ••" + digits[^2..];
    }
}
