using Ingestor.Normalize.Language;

namespace Ingestor.Tests.Normalize.Language;

/// <summary>
/// Guards the hand-written profile data: a look-alike letter from another script (Latin "a" in a
/// Cyrillic word) or a letter missing from a language's list silently weakens detection.
/// </summary>
public sealed class LanguageProfilesTests
{
    public static TheoryData<string> Groups() => ["Latin", "Cyrillic", "Arabic"];

    [Theory]
    [MemberData(nameof(Groups))]
    public void Profiles_EveryWordAndLetter_InTheGroupScriptAndAlphabet(string group)
    {
        var (script, baseAlphabet, profiles) = Group(group);

        foreach (var profile in profiles)
        {
            var alphabet = baseAlphabet + new string([.. profile.Letters.Select(WordScanner.Fold)]);
            foreach (var letter in profile.Letters)
            {
                Assert.True(CharClass.ScriptOf(CharClass.Of(letter)) == script || letter == '·', $"{profile.Code}: letter '{letter}'");
            }
            foreach (var word in ScriptGroupModel.SplitWords(profile.Words))
            {
                foreach (var c in word.TrimEnd('\''))
                {
                    Assert.True(alphabet.Contains(c, StringComparison.Ordinal), $"{profile.Code}: '{c}' in \"{word}\" is neither in the base alphabet nor in the language's letters");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Profiles_Codes_AreDistinctLanguageCodesOrDecoys(string group)
    {
        var (_, _, profiles) = Group(group);

        var codes = profiles.Select(p => p.Code).Where(c => c != LanguageDetector.Undetermined).ToList();

        Assert.All(codes, c => Assert.Matches("^[a-z]{2}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Scanner_TurkishAndRomanianCedillas_FoldToOneLetter()
    {
        Assert.Equal('\u0219', WordScanner.Fold('ş'));
        Assert.Equal('\u0219', WordScanner.Fold('Ş'));
        Assert.Equal('\u021B', WordScanner.Fold('ţ'));
        Assert.Equal('i', WordScanner.Fold('İ'));
    }

    private static (Script Script, string BaseAlphabet, IReadOnlyList<LanguageProfile> Profiles) Group(string name) => name switch
    {
        "Latin" => (Script.Latin, LatinProfiles.BaseAlphabet, LatinProfiles.All),
        "Cyrillic" => (Script.Cyrillic, CyrillicProfiles.BaseAlphabet, CyrillicProfiles.All),
        "Arabic" => (Script.Arabic, ArabicProfiles.BaseAlphabet, ArabicProfiles.All),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
