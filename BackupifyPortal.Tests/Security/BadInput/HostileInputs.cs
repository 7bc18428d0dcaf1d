namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>
/// The one catalogue of hostile values every field and parameter is fed. Theories take the case name
/// (control characters and lone surrogates would garble test names) and look the value up.
/// </summary>
public static class HostileInputs
{
    public const string ScriptTag = "<script>alert(1)</script>";
    public const string ImgOnError = "\"><img src=x onerror=alert(1)>";

    private static readonly Dictionary<string, string> Values = new()
    {
        ["empty"] = "",
        ["whitespace"] = "  \t \u00A0 ",
        ["long10k"] = new string('a', 10_000),
        ["rtlOverride"] = "gpj.\u202Eexe\u202C@demo.test",
        ["emoji"] = "😀🔐👨‍👩‍👧",
        ["zeroWidth"] = "\u200B\uFEFFpartner@demo.test\u200B",
        ["combiningMarks"] = "Z" + string.Concat(Enumerable.Repeat("\u0301\u0302\u0303\u0334\u0335", 40)),
        ["scriptTag"] = ScriptTag,
        ["imgOnError"] = ImgOnError,
        ["sqlOr"] = "' OR 1=1 --",
        ["sqlDrop"] = "'; DROP TABLE AspNetUsers; --",
        ["nul"] = "abc\0def",
        ["crlf"] = "line1\r\nline2",
        ["bell"] = "\u0007",
        ["loneSurrogate"] = "a\uD800b",
        ["longDigits"] = new string('9', 4_096),
        ["percent00"] = "%00",
        ["pathTraversal"] = "../../etc/passwd",
    };

    public static IReadOnlyCollection<string> Names => Values.Keys;

    public static string Value(string name) => Values[name];

    /// <summary>MemberData for theories: one case per hostile value.</summary>
    public static TheoryData<string> Cases => new(Values.Keys);

    /// <summary>The same values as (name, value) pairs, for HTTP sweeps that try all of them in one test.</summary>
    public static IEnumerable<(string Name, string Value)> All => Values.Select(v => (v.Key, v.Value));

    /// <summary>True for the values that carry markup a careless page would run.</summary>
    public static bool IsMarkup(string name) => name is "scriptTag" or "imgOnError";
}
