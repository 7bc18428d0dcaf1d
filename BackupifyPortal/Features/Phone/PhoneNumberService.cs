using System.Globalization;
using BackupifyPortal.Data;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace BackupifyPortal.Features.Phone;

/// <summary>Country list, locale defaults, parsing to E.164 and mobile/landline classification (libphonenumber, offline first).</summary>
public sealed class PhoneNumberService(IOptions<PhoneOptions> options, ILineTypeLookup lookup)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly Lazy<IReadOnlyList<CountryCallingCode>> AllCountries = new(BuildCountries);

    // Numbers that bill the caller or cannot take a call or text: an SMS-pumping target, never a second factor.
    private static readonly HashSet<PhoneNumberType> Refused =
        [PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.PAGER, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL];

    public IReadOnlyList<CountryCallingCode> Countries => AllCountries.Value;

    public CountryCallingCode? FindCountry(string? region) =>
        Countries.FirstOrDefault(c => string.Equals(c.Region, region, StringComparison.OrdinalIgnoreCase));

    /// <summary>Matches a common name ("UK"), a region code ("GB") or a calling code ("+44", "44"); best match first.</summary>
    public IEnumerable<CountryCallingCode> Search(string? text) => CountrySearch.Search(Countries, text);

    /// <summary>"en-GB" -> GB; a locale without a supported region falls back to US.</summary>
    public string DefaultRegion(string? locale)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(locale ?? "en-US");
            if (culture.IsNeutralCulture) culture = CultureInfo.CreateSpecificCulture(culture.Name);
            var region = new RegionInfo(culture.Name).TwoLetterISORegionName;
            if (FindCountry(region) is not null) return region;
        }
        catch (ArgumentException) { } // unknown or invariant locale
        return "US";
    }

    public bool IsAllowedDestination(string e164)
    {
        try { return IsAllowedRegion(Util.GetRegionCodeForNumber(Util.Parse(e164, null))); }
        catch (NumberParseException) { return false; }
    }

    public async Task<PhoneParseResult> ParseAsync(string? region, string? input, bool isLandline, CancellationToken ct = default)
    {
        var country = FindCountry(region);
        if (country is null) return PhoneParseResult.Invalid("Choose a country code.");
        if (string.IsNullOrWhiteSpace(input)) return PhoneParseResult.Invalid("Enter your phone number.");
        PhoneNumber number;
        try { number = Util.Parse(input, country.Region); }
        catch (NumberParseException) { return PhoneParseResult.Invalid("This doesn't look like a phone number. Check the digits."); }
        if (!Util.IsValidNumber(number))
            return PhoneParseResult.Invalid($"This isn't a valid phone number for {country.Name} (+{country.CallingCode}). Check the digits and the country code.");
        var numberRegion = Util.GetRegionCodeForNumber(number) ?? country.Region;
        if (!IsAllowedRegion(numberRegion))
            return PhoneParseResult.Invalid($"We can't send codes to numbers in {FindCountry(numberRegion)?.Name ?? numberRegion} yet. Use another number or an authenticator app.");
        var type = Util.GetNumberType(number);
        if (Refused.Contains(type))
            return PhoneParseResult.Invalid("This kind of number can't receive codes. Use a mobile or landline number.");
        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        var (channel, certain) = await ClassifyAsync(type, e164, isLandline, ct);
        return new PhoneParseResult(new ParsedPhone(e164, numberRegion, channel, certain), null);
    }

    private async Task<(DeliveryChannel, bool)> ClassifyAsync(PhoneNumberType type, string e164, bool isLandline, CancellationToken ct)
    {
        if (isLandline) return (DeliveryChannel.Voice, true);
        if (type == PhoneNumberType.MOBILE) return (DeliveryChannel.Sms, true);
        if (type == PhoneNumberType.FIXED_LINE) return (DeliveryChannel.Voice, true);
        // FIXED_LINE_OR_MOBILE (e.g. the US), VOIP, unknown: ask the carrier database if we can, else SMS with a call offered.
        return await lookup.LookupAsync(e164, ct) is { } looked ? (looked, true) : (DeliveryChannel.Sms, false);
    }

    private bool IsAllowedRegion(string? region) =>
        region is not null && options.Value.AllowedRegions.Contains(region, StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyList<CountryCallingCode> BuildCountries() =>
        Util.GetSupportedRegions()
            .Select(r => new CountryCallingCode(r, Util.GetCountryCodeForRegion(r), RegionName(r)))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture)
            .ToList();

    private static string RegionName(string region)
    {
        try { return new RegionInfo(region).EnglishName; }
        catch (ArgumentException) { return region; } // e.g. AC, TA: regions .NET does not name
    }
}
