namespace Ingestor.Normalize.Language;

/// <summary>
/// What the detector knows about one language of a script group, written by hand: the letters beyond
/// ASCII it uses often, and its most frequent words (function words first, then common news vocabulary).
/// The word list feeds both the word lookup and the character trigram profile built from it.
/// </summary>
/// <param name="Code">ISO 639-1 code.</param>
/// <param name="Letters">Non-ASCII letters common in the language, lower case.</param>
/// <param name="Words">Whitespace-separated lower-case words; elided forms keep their apostrophe (l', dell').</param>
internal sealed record LanguageProfile(string Code, string Letters, string Words);
