namespace Ingestor.Normalize.Language;

/// <summary>Detects the language of article text (placeholder until the detector lands: always "und").</summary>
public static class LanguageDetector
{
    public const string Undetermined = "und";

    public static string Detect(string text) => string.IsNullOrWhiteSpace(text) ? Undetermined : Undetermined;
}
