namespace BackupifyPortal.Features.TwoFactor;

/// <summary>A person's factors counted by kind, in the words the consoles use.</summary>
public static class FactorCounts
{
    public static string Describe(int verifiedPhones, bool phonePending, int apps, int passkeys)
    {
        var parts = new List<string>();
        if (verifiedPhones > 0) parts.Add(verifiedPhones == 1 ? "Phone" : $"{verifiedPhones} phones");
        else if (phonePending) parts.Add("Phone pending");
        if (apps > 0) parts.Add(apps == 1 ? "App" : $"{apps} apps");
        if (passkeys > 0) parts.Add($"{passkeys} passkey{(passkeys == 1 ? "" : "s")}");
        return parts.Count == 0 ? "None" : string.Join(" · ", parts);
    }
}
