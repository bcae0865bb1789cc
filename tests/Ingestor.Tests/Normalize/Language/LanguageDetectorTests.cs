using System.Globalization;
using Ingestor.Normalize.Language;

namespace Ingestor.Tests.Normalize.Language;

public sealed class LanguageDetectorTests
{
    public static TheoryData<string> ParagraphIds()
    {
        var ids = new TheoryData<string>();
        foreach (var id in LanguageFixtures.Paragraphs.Keys.Order(StringComparer.Ordinal))
        {
            ids.Add(id);
        }
        return ids;
    }

    [Theory]
    [MemberData(nameof(ParagraphIds))]
    public void DetectWithConfidence_NewsParagraph_ReturnsItsLanguageConfidently(string id)
    {
        var expected = id[..id.IndexOf('-', StringComparison.Ordinal)];

        var result = LanguageDetector.DetectWithConfidence(LanguageFixtures.Paragraph(id));

        Assert.Equal(expected, result.Language);
        Assert.True(result.Confidence >= 0.8, $"confidence {result.Confidence:F2}");
    }

    [Fact]
    public void Detect_SentenceSet_AtLeast95PercentCorrect()
    {
        var sentences = LanguageFixtures.Sentences();
        var misses = new List<string>();
        var wrong = 0;

        foreach (var (language, text) in sentences)
        {
            var detected = LanguageDetector.Detect(text);
            if (detected != language)
            {
                misses.Add($"{language} -> {detected}: {text}");
                wrong += detected == LanguageDetector.Undetermined ? 0 : 1;
            }
        }

        var accuracy = 1.0 - ((double)misses.Count / sentences.Count);
        Assert.True(sentences.Count >= 250, "the data set shrank");
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P1}; misses:\n{string.Join('\n', misses)}");
        // Undetermined is an acceptable answer for a short sentence; a wrong language is not.
        Assert.True(wrong <= sentences.Count / 100, $"{wrong} wrong languages:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public void Detect_SentenceSet_EveryLanguageMostlyRight()
    {
        var byLanguage = LanguageFixtures.Sentences().GroupBy(s => s.Language);

        foreach (var group in byLanguage)
        {
            var right = group.Count(s => LanguageDetector.Detect(s.Text) == group.Key);
            Assert.True(right >= 0.8 * group.Count(), $"{group.Key}: {right} of {group.Count()}");
        }
    }

    [Theory]
    [InlineData("uk", "Верховна Рада ухвалила в середу закон про підтримку переселенців, який набуде чинності вже наступного місяця.")]
    [InlineData("bg", "Народното събрание прие в сряда закон за подкрепа на разселените хора, който влиза в сила от следващия месец.")]
    [InlineData("sr", "Скупштина је у среду усвојила закон о подршци расељеним лицима, који ступа на снагу од следећег месеца.")]
    [InlineData("fa", "مجلس روز چهارشنبه قانونی برای حمایت از آوارگان تصویب کرد که از ماه آینده اجرا می‌شود.")]
    [InlineData("ur", "قومی اسمبلی نے بدھ کے روز بے گھر افراد کی مدد کا قانون منظور کر لیا جو اگلے مہینے سے نافذ ہوگا۔")]
    [InlineData("ja", "国会は水曜日、避難者を支援する法律を可決した。来月から施行される。")]
    [InlineData("ko", "국회는 수요일 피난민을 지원하는 법안을 통과시켰으며 다음 달부터 시행된다.")]
    [InlineData("he", "הכנסת אישרה ביום רביעי חוק לתמיכה בעקורים, שייכנס לתוקף כבר בחודש הבא.")]
    [InlineData("el", "Η Βουλή ψήφισε την Τετάρτη νόμο για τη στήριξη των εκτοπισμένων, ο οποίος τίθεται σε ισχύ τον επόμενο μήνα.")]
    [InlineData("th", "รัฐสภาผ่านกฎหมายช่วยเหลือผู้พลัดถิ่นเมื่อวันพุธ และจะมีผลบังคับใช้ในเดือนหน้า")]
    [InlineData("hi", "संसद ने बुधवार को विस्थापित लोगों की सहायता के लिए एक कानून पारित किया, जो अगले महीने से लागू होगा।")]
    public void Detect_TextInItsOwnScript_ReturnsLanguage(string expected, string text)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("OK")]
    [InlineData("Hello")]
    [InlineData("Paris")]
    [InlineData("中国")]
    [InlineData("2024")]
    [InlineData("12:30 2024-05-01 3:1 +44 20 7946 0000")]
    [InlineData("https://example.com/news/2024/05/01/story.html")]
    [InlineData("@newsdesk #breaking https://t.co/abc123 www.example.org")]
    [InlineData("...!!! ??? --- *** §§ 1.000,00 €")]
    [InlineData("Real Madrid – Barcelona 2:1 (Vinícius, Bellingham; Lewandowski)")]
    public void Detect_TooLittleText_ReturnsUnd(string text)
    {
        var result = LanguageDetector.DetectWithConfidence(text);

        Assert.Equal(LanguageDetector.Undetermined, result.Language);
        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void Detect_Null_ReturnsUnd()
    {
        Assert.Equal(LanguageDetector.Undetermined, LanguageDetector.Detect(null!));
    }

    [Theory]
    [InlineData("Der Präsident sagte heute in Berlin, dass the economy is doing much better than expected und die Märkte stabil bleiben, but investors remain nervous about rates.")]
    [InlineData("Президент заявил сегодня, что the economy is growing faster than expected, и рынки остаются стабильными, while investors remain cautious.")]
    [InlineData("Le gouvernement a annoncé hier que the new rules will apply from January et que les entreprises auront six mois, but unions want more time.")]
    public void Detect_EvenlyMixedLanguages_ReturnsUnd(string text)
    {
        Assert.Equal(LanguageDetector.Undetermined, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("Vláda schválila zvýšení minimální mzdy, které začne platit od ledna příštího roku.")] // Czech
    [InlineData("A kormány jóváhagyta a minimálbér emelését, amely jövő januártól lép életbe.")] // Hungarian
    [InlineData("Hallitus hyväksyi vähimmäispalkan korotuksen, joka tulee voimaan ensi vuoden tammikuussa.")] // Finnish
    [InlineData("Chính phủ đã phê duyệt việc tăng lương tối thiểu từ đầu năm sau.")] // Vietnamese
    [InlineData("Vlada je odobrila povećanje minimalne plaće koje će stupiti na snagu od siječnja iduće godine.")] // Croatian
    [InlineData("Владата го одобри зголемувањето на минималната плата од следната година.")] // Macedonian
    [InlineData("Serikali imeidhinisha nyongeza ya mshahara wa chini kuanzia mwezi ujao.")] // Swahili
    public void Detect_LanguageOutsideTheProfiles_ReturnsUndRatherThanAGuess(string text)
    {
        Assert.Equal(LanguageDetector.Undetermined, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("Recep Tayyip Erdoğan said in Ankara on Tuesday that Turkey would not back down, while Kılıçdaroğlu's allies in İstanbul and İzmir accused the government of ignoring victims of the Kahramanmaraş earthquake.")]
    [InlineData("French President Emmanuel Macron met Olaf Scholz and Pedro Sánchez at the Élysée Palace before flying to Kraków, where Andrzej Duda and Donald Tusk were waiting.")]
    [InlineData("Jürgen Klopp's former assistant Željko Buvač was seen in Gelsenkirchen and Mönchengladbach this week, according to reports in Süddeutsche Zeitung and Der Spiegel.")]
    [InlineData("In São Paulo, Luiz Inácio Lula da Silva told supporters that the Amazon fund would be doubled, a move welcomed by Marina Silva and the governor of Pará.")]
    [InlineData("Chelsea beat Borussia Dortmund 2-0 at Stamford Bridge, with goals from Raheem Sterling and Kai Havertz, to reach the Champions League quarter-finals.")]
    [InlineData("Scholz, Macron und Meloni: the three leaders met in Brussels on Thursday to discuss the budget.")]
    public void Detect_EnglishFullOfForeignNames_ReturnsEn(string text)
    {
        Assert.Equal("en", LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("“Nous ne céderons pas,” the French minister told reporters in Paris, adding that the government would present its budget next week and that talks with the unions would continue.")]
    [InlineData("The protesters chanted “¡No pasarán!” outside the embassy, but police said the march through the city centre had been largely peaceful and no arrests were made.")]
    [InlineData("The Kremlin said on Monday that «мы не будем комментировать эти сообщения», but officials in Washington and London said they expected further sanctions to be announced within days.")]
    [InlineData("Asked about the result, the coach replied „Wir haben heute einfach nicht gut genug gespielt“ and left the press room without taking further questions from reporters.")]
    public void Detect_EnglishQuotingAnotherLanguage_ReturnsEn(string text)
    {
        Assert.Equal("en", LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("en", "THE GOVERNMENT SAID ON TUESDAY THAT IT WOULD RAISE TAXES ON FUEL AND TOBACCO NEXT YEAR")]
    [InlineData("de", "DIE REGIERUNG WILL DIE STEUERN AUF BENZIN IM NÄCHSTEN JAHR ERHÖHEN")]
    [InlineData("fr", "LE GOUVERNEMENT VEUT AUGMENTER LES TAXES SUR LE CARBURANT DÈS L'ANNÉE PROCHAINE")]
    [InlineData("tr", "HÜKÜMET GELECEK YIL AKARYAKIT VERGİSİNİ ARTIRACAĞINI AÇIKLADI")]
    [InlineData("en", "Erdoğan Wins Runoff As Turkey Votes To Extend His Rule")]
    public void Detect_AllCapsOrTitleCase_ReturnsLanguage(string expected, string text)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("en", "Storm leaves thousands without power across the north")]
    [InlineData("en", "Prime minister resigns after weeks of pressure from his own party")]
    [InlineData("de", "Regierung beschließt neues Klimagesetz")]
    [InlineData("fr", "Le gouvernement tombe après un vote de confiance")]
    [InlineData("es", "Detenido en Málaga un hombre por el robo de cuarenta coches de lujo")]
    [InlineData("it", "Il governo approva la manovra, la Lega chiede modifiche")]
    [InlineData("nl", "Kabinet valt na ruzie over asielbeleid")]
    [InlineData("tr", "Hükümet asgari ücrete yüzde 30 zam yaptı")]
    [InlineData("pl", "Rząd przyjął projekt budżetu na przyszły rok")]
    [InlineData("ru", "Правительство одобрило повышение минимальной зарплаты")]
    [InlineData("ar", "الحكومة توافق على رفع الحد الأدنى للأجور")]
    [InlineData("zh", "政府批准提高最低工资")]
    public void Detect_ShortHeadline_ReturnsLanguage(string expected, string text)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("en", "WASHINGTON (Reuters) - The U.S. Senate on Thursday passed a bill to keep the government funded through December, sending it to the House.")]
    [InlineData("de", "BERLIN (dpa) - Die Bundesregierung hat am Donnerstag ein neues Gesetz zum Schutz von Whistleblowern beschlossen.")]
    [InlineData("ru", "МОСКВА, 5 мая. Правительство России утвердило новый план по поддержке малого бизнеса, сообщила пресс-служба кабинета министров.")]
    [InlineData("zh", "苹果公司CEO蒂姆·库克周二在北京表示，iPhone在中国市场的销量今年增长了百分之五，公司将继续加大对本地供应链的投资。")]
    public void Detect_DatelineAndForeignWords_ReturnsLanguageOfTheText(string expected, string text)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Fact]
    public void Detect_LongArticle_ReadsOnlyTheStart()
    {
        var english = LanguageFixtures.Paragraph("en-1");
        var german = LanguageFixtures.Paragraph("de-1");
        var start = string.Join(' ', Enumerable.Repeat(english, 1 + (LanguageDetector.SampleLength / english.Length)));
        var article = start + " " + string.Join(' ', Enumerable.Repeat(german, 40));

        Assert.Equal("en", LanguageDetector.Detect(article));
        Assert.Equal("de", LanguageDetector.Detect(article[start.Length..]));
    }

    [Fact]
    public void Detect_SampleEndsInsideSurrogatePair_DoesNotThrow()
    {
        var text = new string('字', LanguageDetector.SampleLength - 1) + "𠀋𠀋𠀋" + new string('字', 100);

        Assert.Equal("zh", LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("Merci", "fr", "fr")]
    [InlineData("Paris", "fr-FR", "fr")]
    [InlineData("2024 – 3:1", "de-DE", "de")]
    [InlineData("https://example.com/a", "pt-BR", "pt")]
    [InlineData("日本銀行総裁会見", "ja", "ja")]
    [InlineData("Vláda schválila zvýšení minimální mzdy, které začne platit od ledna příštího roku.", "cs", "cs")]
    [InlineData("Regeringen vil hæve skatten på benzin næste år", "da", "da")]
    public void DetectWithConfidence_WeakTextEvidence_DeclaredLanguageWins(string text, string hint, string expected)
    {
        var result = LanguageDetector.DetectWithConfidence(text, hint);

        Assert.Equal(expected, result.Language);
        Assert.True(result.Confidence >= 0.5, result.Confidence.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("es-1", "en")]
    [InlineData("de-2", "fr")]
    [InlineData("ru-1", "uk")]
    [InlineData("tr-3", "en-US")]
    public void DetectWithConfidence_StrongTextContradictsDeclaration_TextWins(string id, string hint)
    {
        var expected = id[..2];

        var result = LanguageDetector.DetectWithConfidence(LanguageFixtures.Paragraph(id), hint);

        Assert.Equal(expected, result.Language);
    }

    [Fact]
    public void DetectWithConfidence_DeclarationAgrees_RaisesConfidence()
    {
        const string headline = "Regierung beschließt neues Klimagesetz";
        var alone = LanguageDetector.DetectWithConfidence(headline);

        var declared = LanguageDetector.DetectWithConfidence(headline, "de-AT");

        Assert.Equal("de", alone.Language);
        Assert.Equal("de", declared.Language);
        Assert.True(declared.Confidence > alone.Confidence);
    }

    [Theory]
    [InlineData("OK", "ar")] // Latin letters cannot be Arabic
    [InlineData("الحكومة توافق على رفع الحد الأدنى للأجور", "en")]
    [InlineData("Правительство одобрило повышение минимальной зарплаты", "de")]
    public void DetectWithConfidence_DeclarationInAnotherScript_IsIgnored(string text, string hint)
    {
        var result = LanguageDetector.DetectWithConfidence(text, hint);

        Assert.NotEqual(hint, result.Language);
        Assert.Equal(LanguageDetector.DetectWithConfidence(text).Language, result.Language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("und")]
    [InlineData("x-default")]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("12")]
    public void DetectWithConfidence_MeaninglessDeclaration_IsIgnored(string hint)
    {
        Assert.Equal(LanguageDetector.Undetermined, LanguageDetector.DetectWithConfidence("Paris", hint).Language);
        Assert.Equal("en", LanguageDetector.DetectWithConfidence(LanguageFixtures.Paragraph("en-2"), hint).Language);
    }

    [Theory]
    [InlineData("pt-BR", "pt")]
    [InlineData("EN_gb", "en")]
    [InlineData(" zh-Hant-TW ", "zh")]
    [InlineData("nb-NO", "no")]
    [InlineData("nn", "no")]
    [InlineData("iw", "he")]
    [InlineData("in", "id")]
    public void DetectWithConfidence_DeclarationTag_ReducedToLanguageCode(string hint, string expected)
    {
        Assert.Equal(expected, LanguageDetector.DetectWithConfidence("2024", hint).Language);
    }

    [Fact]
    public void DetectWithConfidence_ConcurrentCallers_AgreeWithSequentialResults()
    {
        var texts = LanguageFixtures.Paragraphs.Values.ToArray();
        var expected = texts.Select(LanguageDetector.Detect).ToArray();

        var results = new string[texts.Length * 8];
        Parallel.For(0, results.Length, i => results[i] = LanguageDetector.Detect(texts[i % texts.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], results[i]);
        }
    }
}
