namespace Ingestor.Normalize.Language;

/// <summary>The language of a text and how sure the detector is of it.</summary>
/// <param name="Language">ISO 639-1 code, or <see cref="LanguageDetector.Undetermined"/>.</param>
/// <param name="Confidence">
/// 0 to 1: above about 0.8 the text alone settles it; between 0.5 and 0.8 it leans one way; an
/// undetermined result has 0. A declared language adopted on weak text evidence reports 0.5.
/// </param>
public readonly record struct LanguageDetection(string Language, double Confidence)
{
    public static LanguageDetection Undetermined { get; } = new(LanguageDetector.Undetermined, 0);

    public bool IsDetermined => Language != LanguageDetector.Undetermined;
}
