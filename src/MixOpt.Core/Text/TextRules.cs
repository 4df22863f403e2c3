using System.Globalization;
using System.Text;

namespace MixOpt.Core.Text;

/// <summary>
/// What free text a person gives (study, rung, key names; failure reasons) must be before it is stored: no NUL
/// (PostgreSQL's text and jsonb cannot hold U+0000, so it would fail at the database as a 500), no unpaired UTF-16
/// surrogate (not encodable as UTF-8), and for names no control characters and at least one visible character, so a
/// name of zero-width spaces cannot sit in a list looking like no name at all.
/// </summary>
public static class TextRules
{
    /// <summary>Null when <paramref name="text"/> is a usable name of at most <paramref name="maxLength"/>; else why not.</summary>
    public static string? NameProblem(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text)) return "is required";
        if (text.Length > maxLength) return $"must be at most {maxLength} characters";
        if (text.Contains('\0')) return "must not contain NUL (U+0000)";
        if (!IsWellFormed(text)) return "must be well-formed Unicode (no unpaired surrogate)";
        if (text.Any(char.IsControl)) return "must not contain control characters (tabs, line breaks, ...)";
        if (!HasVisible(text)) return "must contain at least one visible character";
        return null;
    }

    /// <summary>Null when PostgreSQL can store <paramref name="text"/> at all (no NUL, no unpaired surrogate); else why not.</summary>
    public static string? StorageProblem(string? text)
    {
        if (text is null) return null;
        if (text.Contains('\0')) return "must not contain NUL (U+0000)";
        if (!IsWellFormed(text)) return "must be well-formed Unicode (no unpaired surrogate)";
        return null;
    }

    /// <summary>Text safe to echo in a message: controls and lone surrogates shown as '?', at most 100 characters.</summary>
    public static string Printable(string text) =>
        new(text.Take(100).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());

    /// <summary>Null when <paramref name="text"/> may be stored as free text (line breaks and tabs allowed); else why not.</summary>
    public static string? FreeTextProblem(string? text)
    {
        if (text is null) return null;
        if (StorageProblem(text) is { } problem) return problem;
        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))) return "must not contain control characters other than tabs and line breaks";
        return null;
    }

    /// <summary>True when every UTF-16 surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    /// <summary>True when some character would show: not white space, a control, a format character (zero-width
    /// space, joiners, direction marks), a lone combining mark, or one of the blank letters (Hangul fillers, braille blank).</summary>
    public static bool HasVisible(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned) continue;
            if (rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E or 0x034F) continue;
            return true;
        }
        return false;
    }
}
