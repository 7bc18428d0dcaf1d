namespace BackupifyPortal.Features.Phone;

/// <summary>One entry of the `Country code` picker, e.g. GB, 44, "United Kingdom".</summary>
public sealed record CountryCallingCode(string Region, int CallingCode, string Name)
{
    public string Display => $"{Name} (+{CallingCode})";
}
