using System.Text;

namespace BackupifyPortal.Features.Passwords;

/// <summary>Who the password is for: words an attacker would try first against this person (NIST 800-63B-4 3.1.1.2).</summary>
public sealed record PasswordContext(string? Email, string? DisplayName);

/// <summary>
/// NIST SP 800-63B rev 4 / ASVS 5.0 V6.2 rules for a new password: 15 to 256 characters (code points), any
/// characters, no composition rules, not common or breached, not built from words about the portal or the person.
/// The password is checked exactly as typed: never trimmed or case-changed.
/// </summary>
public sealed class PasswordPolicy(CommonPasswords common)
{
    public const int MinimumLength = 15;
    public const int MaximumLength = 256;

    /// <summary>Words about the service itself, which guessers try first.</summary>
    private static readonly string[] ServiceWords = ["backupify", "datto", "portal"];

    public static string TooShortMessage => $"Use at least {MinimumLength} characters: the NIST minimum for a password used on its own. A few unrelated words make a good one.";
    public static string TooLongMessage => $"Use at most {MaximumLength} characters.";
    public const string CommonMessage = "This password is too common or has appeared in a data breach. Choose another.";
    public const string SameAsCurrentMessage = "Your new password must be different from your current password.";

    /// <summary>Null when <paramref name="password"/> may be used; else what to tell the person, next to the field.</summary>
    public string? Check(string? password, PasswordContext context)
    {
        if (string.IsNullOrEmpty(password)) return "Enter a new password.";
        var length = Length(password);
        if (length < MinimumLength) return TooShortMessage;
        if (length > MaximumLength) return TooLongMessage;
        if (common.Contains(password)) return CommonMessage;
        if (ContextWordIn(password, context) is { } word) return $"Don't use \"{word}\" in your password: it is one of the first things an attacker would try.";
        return null;
    }

    /// <summary>Each Unicode code point counts as one character (NIST 800-63B-4), so an emoji is not two.</summary>
    public static int Length(string password) => password.EnumerateRunes().Count();

    /// <summary>The first service word or word about the person that the password contains, case-insensitively.</summary>
    public static string? ContextWordIn(string password, PasswordContext context)
    {
        foreach (var word in ContextWords(context))
            if (password.Contains(word, StringComparison.OrdinalIgnoreCase)) return word;
        return null;
    }

    private static IEnumerable<string> ContextWords(PasswordContext context)
    {
        foreach (var word in ServiceWords) yield return word;
        var localPart = context.Email is { } email && email.IndexOf('@') is var at and > 0 ? email[..at] : null;
        foreach (var source in new[] { localPart, context.DisplayName })
        {
            if (string.IsNullOrWhiteSpace(source)) continue;
            var whole = new string(source.Where(char.IsLetterOrDigit).ToArray());
            if (whole.Length >= 3) yield return whole;
            // Each name part alone ("dana" of "Dana Direct", "dana" of "dana.direct@"), short initials aside.
            foreach (var part in Split(source))
                if (part.Length >= 3) yield return part;
        }
    }

    private static IEnumerable<string> Split(string text)
    {
        var part = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) { part.Append(c); continue; }
            if (part.Length > 0) yield return part.ToString();
            part.Clear();
        }
        if (part.Length > 0) yield return part.ToString();
    }
}
