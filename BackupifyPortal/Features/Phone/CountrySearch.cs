using System.Globalization;
using PhoneNumbers;

namespace BackupifyPortal.Features.Phone;

/// <summary>
/// Finds countries the way people name them: "UK", "GB", "+44", "44", "United Kingdom", "USA", "Holland".
/// Best match first: a common name or region code, the main country of a calling code, names that start with the
/// text, then names that contain it, then other countries of a calling code.
/// </summary>
public static class CountrySearch
{
    // Names people use that the English region name does not contain.
    private static readonly Dictionary<string, string> CommonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UK"] = "GB", ["U.K."] = "GB", ["Britain"] = "GB", ["Great Britain"] = "GB", ["England"] = "GB", ["Scotland"] = "GB",
        ["Wales"] = "GB", ["Northern Ireland"] = "GB", ["USA"] = "US", ["U.S."] = "US", ["U.S.A."] = "US", ["America"] = "US",
        ["United States of America"] = "US", ["UAE"] = "AE", ["Emirates"] = "AE", ["Holland"] = "NL", ["The Netherlands"] = "NL",
        ["Czech Republic"] = "CZ", ["Czechia"] = "CZ", ["South Korea"] = "KR", ["Korea"] = "KR", ["Turkey"] = "TR", ["Türkiye"] = "TR",
        ["Ivory Coast"] = "CI", ["Burma"] = "MM", ["Swaziland"] = "SZ", ["Macedonia"] = "MK", ["Vatican"] = "VA", ["Deutschland"] = "DE",
        ["Espana"] = "ES", ["España"] = "ES", ["Schweiz"] = "CH", ["Suisse"] = "CH", ["Österreich"] = "AT", ["Eire"] = "IE",
    };

    public static IEnumerable<CountryCallingCode> Search(IReadOnlyList<CountryCallingCode> countries, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return countries;
        var query = text.Trim();
        var digits = query.TrimStart('+').Trim();
        var isCode = digits.Length > 0 && digits.All(char.IsAsciiDigit);
        var named = CommonNames.TryGetValue(query, out var region) ? region : null;
        var mainOfCode = isCode && int.TryParse(digits, CultureInfo.InvariantCulture, out var code)
            ? PhoneNumberUtil.GetInstance().GetRegionCodeForCountryCode(code) : null;

        int? Rank(CountryCallingCode c)
        {
            if (c.Region == named || c.Region.Equals(query, StringComparison.OrdinalIgnoreCase) || c.Region == mainOfCode) return 0;
            if (c.Name.StartsWith(query, StringComparison.OrdinalIgnoreCase)) return 1;
            if (c.Display.Contains(query, StringComparison.OrdinalIgnoreCase)) return 2;
            if (isCode && c.CallingCode.ToString(CultureInfo.InvariantCulture).StartsWith(digits, StringComparison.Ordinal)) return 3;
            return null;
        }

        return countries.Select(c => (Country: c, Rank: Rank(c))).Where(x => x.Rank is not null)
            .OrderBy(x => x.Rank).Select(x => x.Country).ToList();
    }
}
