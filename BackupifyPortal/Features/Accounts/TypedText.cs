using System.Globalization;

namespace BackupifyPortal.Features.Accounts;

/// <summary>Rules for short text people type and others later read (names, labels).</summary>
public static class TypedText
{
    /// <summary>
    /// True when the text holds a control character, a lone surrogate (SQLite would store it as U+FFFD),
    /// or an invisible format character such as a bidi override or a zero-width space, which can disguise
    /// what others read. U+200C/U+200D are allowed: emoji and several scripts need the joiners.
    /// </summary>
    public static bool HasHiddenCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || char.IsControl(c)) return true;
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D')) return true;
        }
        return false;
    }
}
