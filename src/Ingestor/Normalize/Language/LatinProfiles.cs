namespace Ingestor.Normalize.Language;

/// <summary>
/// Hand-written profiles of the Latin-script languages: function words first, then the vocabulary
/// news reports use every day (government, police, percent, said, weekdays). Written for this project,
/// not taken from any corpus; extend a list when a real article is misread, and add a test for it.
/// </summary>
internal static class LatinProfiles
{
    public const string BaseAlphabet = "abcdefghijklmnopqrstuvwxyz";

    public static IReadOnlyList<LanguageProfile> All { get; } =
    [
        // Decoy: Croatian, Bosnian and Serbian in Latin letters read like Polish or Romanian to the other
        // profiles; recognising them here turns that misreading into "und".
        new(LanguageDetector.Undetermined, "čćđšž", """
            je i u na da se su za od koji koja koje što sa će kao ali ili bio bila bilo biti nije još samo godine
            godina prema vlada vlade predsjednik predsednik ministar policija grad ljudi izbori rekao kazao zbog nakon
            prije pre tijekom tokom već iz do po o te ga mu ih njegov njihov ovo ova ovaj taj to sve svi više kada gdje
            gde danas jučer juče sutra tjedan nedelja dana dok bez između protiv kroz hrvatska srbija bosna zagreb
            beograd sarajevo kuna eura posto milijuna milijardi tvrtka kompanija sud zakon sabor skupština sigurnost
            granica zdravlje bolnica djeca deca žene muškarci vrijeme vreme prvi dva tri bivši svijet svet politika
            plan grupa članovi kriza regija glavni sjever sever jug istok zapad novi nova nove može mogu treba trebalo
            """),
        // Decoy: Hungarian; its own letters (ő, ű) are too rare to give it away in a single sentence.
        new(LanguageDetector.Undetermined, "áéíóöőúüű", """
            a az és egy hogy nem is meg van volt lesz ez azt mint már csak még de vagy kell ha után előtt között
            szerint miatt alatt felett kormány kormányt miniszter miniszterelnök elnök rendőrség év évben hét nap
            város ország emberek jelentés mondta közölte választás választások párt háború megállapodás gazdaság
            piac cég vállalat százalék millió milliárd forint árak bank bíróság törvény parlament biztonság határ
            egészség kórház gyerekek nők férfiak idő első két három világ politika terv csoport tagjai válság régió
            főváros észak dél kelet nyugat új nagy sok most ma tegnap holnap amely amelyek aki akik ami amit ezt
            itt ott magyar magyarország budapest pedig azonban hanem tavaly jövőre
            """),
        new("en", "", """
            the of and to a in is that for it on with as was at by be this are from or an have has had not but
            they he she his her its we you i their them which who whom whose what when where why how will would
            can could should may might must do does did done been being were there here than then so if about into
            over after before under between through during without against also just more most other some such
            only own same very no nor up down out off all any both each few these those our your my me him us
            said says say told new latest still yet again while since because however although until around
            don' doesn' didn' isn' wasn' aren' weren' won' can' couldn' wouldn' it' that' there' he' she' they' we'
            government president minister prime police people year years week day today yesterday
            monday tuesday wednesday thursday friday saturday sunday city country state states officials official
            according report reported statement spokesman spokeswoman spokesperson election elections vote voters party
            leader leaders military forces attack killed war talks agreement deal economy economic market markets
            company companies percent million billion prices price bank rate rates inflation court judge law bill
            parliament congress senate security border health hospital children women men time first last two
            three former national international world public political support plan plans group members crisis
            region capital north south east west called made make take took including expected announced added
            warned found showed according among across another further early later next month months held
            record rise fall growth trade tax workers jobs business industry service services water energy oil
            gas power climate weather storm flood fire team season game match win won lost chief executive
            director head office department agency committee council ministry campaign troops
            ceasefire strike strikes protest protesters arrested charged trial case investigation evidence
            analysts investors shares stock quarter profit sales customers data technology online users
            get got going went come came see saw know knew think thought want wanted use used find give gave tell work
            working call try tried ask asked need needed feel become became leave left put mean keep let begin began seem help
            show hear heard play run ran move live believe bring brought happen write provide sit stand lose pay paid meet
            include continue set learn change lead understand watch follow stop create speak read allow spend grow open walk
            offer remember consider appear buy wait serve die send build stay reach remain suggest raise pass sell require
            decide pull rose higher lower high low large small big long short old young good bad great little right best
            better worse least less much many every something nothing anyone everyone someone thing things way ways life man
            woman child family school house home place area room night end point money number part fact problem question
            side system program issue story word whether already though even really often never always
            """),
        new("fr", "àâæçéèêëîïôœùûüÿ", """
            le la les l' un une des du de d' et est en à au aux ce cet cette ces qui que qu' quoi dont où il elle
            ils elles on nous vous je j' ne n' pas plus ou mais pour par sur dans avec sans sous entre vers chez
            se s' sa son ses leur leurs notre nos votre vos y a ont avait avaient été être fait faire peut doit
            sont était étaient sera seront aussi comme très tout tous toute toutes même après avant depuis pendant
            lors selon contre lui c' cela ceci ça si donc car alors encore déjà puis ainsi bien moins autre autres
            quand comment pourquoi aujourd' hui hier jusqu' lorsqu' puisqu' m' t' celui celle ceux
            lundi mardi mercredi jeudi vendredi samedi dimanche gouvernement président présidente ministre premier
            première police année années ans semaine jour jours ville pays état états personnes déclaré rapport
            élection élections parti vote guerre accord économie économique marché entreprise entreprises prix
            banque taux tribunal loi assemblée nationale national sécurité frontière santé hôpital enfants femmes
            hommes deux trois ancien ancienne monde public publique politique plan groupe membres milliards
            millions cent crise région capitale nord sud ouest dit annoncé affirmé également notamment cependant
            toutefois mois nouveau nouvelle nouveaux dernier dernière grand grande grands plusieurs beaucoup
            environ près depuis face afin fois pourrait devrait travail salariés emploi impôts hausse baisse
            croissance entreprise services énergie pétrole climat tempête incendie équipe saison match victoire
            directeur chef bureau ministère campagne troupes grève manifestation manifestants arrêté enquête
            procès preuves analystes investisseurs actions bénéfice ventes clients données technologie utilisateurs
            qui' avons avez sommes êtes leurs aucun aucune chaque tandis
            avoir faire dire pouvoir aller voir savoir vouloir venir devoir prendre trouver donner parler mettre passer
            croire tenir rester partir sortir arriver permettre comprendre continuer demander montrer commencer semble devient
            chose choses temps vie homme femme enfant famille école maison lieu nuit fin point argent nombre partie cas
            question côté système programme problème mot histoire affaire haut bas petit petite bon bonne mauvais long jeune
            vieux meilleur important importante possible certains certaines rien personne quelque quelques nombreux nombreuses
            ensemble souvent toujours jamais trop peu assez ici demain matin soir doivent peuvent veut faut va vont fait
            font sont dont selon avoir déjà
            """),
        new("de", "äöüß", """
            der die das den dem des ein eine einen einem einer eines und ist sind war waren wird werden wurde
            wurden hat haben hatte hatten nicht auch auf aus bei mit nach von vor zu zum zur für über unter um
            an am im in ins es er sie wir ihr ich du man sich sein seine seiner seinen seinem ihre ihren ihrem
            ihrer dass daß aber oder wenn als wie was wer wo noch nur schon sehr mehr kein keine keinen können
            kann könnte muss müssen soll sollen sollte will wollen diese dieser dieses diesem diesen jetzt heute
            gestern dabei damit dazu doch so bis seit gegen ohne durch zwischen nun denn weil da hier dort alle
            allem allen jedoch sowie bereits etwa laut rund mal immer wieder neue neuen neuer neues
            regierung präsident präsidentin minister ministerin bundeskanzler kanzler kanzlerin polizei jahr jahren
            jahre woche tag tage stadt land länder staat menschen bericht sagte sagt erklärte sprecher sprecherin
            wahl wahlen partei krieg abkommen wirtschaft markt unternehmen prozent millionen milliarden preise
            bank zinsen gericht gesetz parlament bundestag sicherheit grenze gesundheit krankenhaus kinder frauen
            männer zeit erste ersten zwei drei ehemalige ehemaliger welt öffentlich politik plan gruppe mitglieder
            krise region hauptstadt norden süden osten westen montag dienstag mittwoch donnerstag freitag samstag
            sonntag monat monaten letzten großen große groß viele vielen mehrere etwa weitere weiteren deutschen
            deutsche deutschland bundesregierung behörden angaben zufolge worden ersten arbeit beschäftigte
            steuern anstieg wachstum handel dienstleistungen energie klima sturm feuer mannschaft spiel sieg
            chef leiter ministerium kampagne truppen streik proteste festgenommen ermittlungen prozess beweise
            analysten anleger aktien gewinn umsatz kunden daten nutzer jedoch gibt geht gegeben worden sei
            haben sein werden können müssen sagen machen geben kommen sollen wollen gehen wissen sehen lassen stehen finden
            bleiben liegen heißen denken nehmen tun dürfen glauben halten nennen zeigen führen sprechen bringen leben fahren
            meinen fragen kennen gelten stellen spielen arbeiten brauchen folgen lernen bestehen verstehen setzen bekommen
            beginnen erzählen versuchen schreiben laufen erklären sitzen ziehen scheinen fallen gehören entstehen erhalten
            treffen suchen legen handeln erreichen tragen schaffen lesen verlieren erkennen entwickeln reden erscheinen bilden
            anfangen erwarten wohnen warten helfen gewinnen schließen fühlen bieten erinnern bedeuten ding mann frau kind
            familie schule haus ort nacht ende punkt geld zahl teil fall frage seite system programm problem wort geschichte
            hoch niedrig klein gut schlecht lang jung alt besser wichtig möglich einige jeder jede jedes nichts etwas
            niemand zusammen oft nie trotz während wegen innerhalb außerdem darauf darüber deshalb dafür davon dagegen
            ob würde würden wäre gab ging kam
            """),
        new("es", "áéíñóúü", """
            el la los las lo un una unos unas de del al a en y e o u que qué es son fue fueron era ser está están
            estaba han ha había sido por para con sin sobre entre hasta desde hacia según contra se su sus le
            les me te nos no sí más muy pero como cuando donde dónde quien quién cual cuál este esta estos estas
            ese esa esos esas eso esto aquel también ya todo todos toda todas otro otra otros otras mismo misma
            cada porque aunque mientras después antes durante tras hoy ayer lunes martes miércoles jueves viernes
            sábado domingo gobierno presidente presidenta ministro ministra policía año años semana día días
            ciudad país estado personas informe dijo afirmó aseguró señaló explicó portavoz elecciones partido
            votación guerra acuerdo economía económica mercado empresa empresas ciento millones precios banco
            tasa tribunal juez ley congreso senado seguridad frontera salud hospital niños mujeres hombres tiempo
            primer primera dos tres mundo público pública política plan grupo miembros crisis región capital
            norte sur oeste además embargo hay puede pueden debe tiene tienen hace
            mes meses nuevo nueva nuevos último última gran grandes varios muchos cerca unos trabajo trabajadores
            empleo impuestos subida caída crecimiento comercio servicios energía petróleo clima tormenta incendio
            equipo temporada partido victoria director jefe oficina ministerio campaña tropas huelga protesta
            detenido investigación juicio pruebas analistas inversores acciones beneficio ventas clientes datos
            tecnología usuarios así sino ni hemos han sólo solo vez aún entonces
            tener hacer poder decir ir ver dar saber querer llegar pasar deber poner parecer quedar creer hablar llevar
            dejar seguir encontrar llamar venir pensar salir volver tomar conocer vivir sentir tratar mirar contar empezar
            esperar buscar existir entrar trabajar escribir perder producir ocurrir entender pedir recibir recordar terminar
            permitir aparecer conseguir comenzar servir sacar necesitar mantener resultar leer caer cambiar presentar crear
            abrir considerar acabar convertir ganar formar traer morir aceptar realizar lograr explicar cosa cosas vida
            hombre mujer hijo familia escuela casa lugar noche fin punto dinero número parte caso pregunta lado sistema
            programa problema palabra historia alto bajo pequeño pequeña bueno buena malo largo joven viejo mejor peor
            importante posible algunos algunas cualquier nada nadie algo alguien juntos siempre nunca todavía quizás allí
            aquí mañana tarde están había habían hizo dijeron
            """),
        new("pt", "àáâãçéêíóôõú", """
            o a os as um uma uns umas de do da dos das no na nos nas ao aos à às em e é que por pelo pela pelos
            pelas para com sem sobre entre até desde contra se seu sua seus suas lhe lhes não sim mais muito
            muita muitos mas como quando onde quem qual este esta estes estas esse essa esses essas isso isto
            aquele aquela também já todo todos toda todas outro outra outros outras mesmo cada porque embora
            enquanto depois antes durante hoje ontem segunda terça quarta quinta sexta feira sábado domingo
            governo presidente ministro ministra polícia ano anos semana dia dias cidade país estado pessoas
            relatório disse afirmou declarou segundo porta voz eleição eleições partido votação guerra acordo
            economia econômica económica mercado empresa empresas cento milhões bilhões mil preços banco taxa
            tribunal juiz lei congresso senado segurança fronteira saúde hospital crianças mulheres homens tempo
            primeiro primeira dois duas três ex mundo público pública política plano grupo membros crise região
            capital norte sul leste oeste foi foram era ser está estão estava tem têm há pode podem deve havia
            sido ainda após então assim apenas
            mês meses novo nova novos último última grande grandes vários muitos cerca trabalho trabalhadores
            emprego impostos alta queda crescimento comércio serviços energia petróleo clima tempestade incêndio
            equipe equipa temporada vitória diretor chefe escritório ministério campanha tropas greve protesto
            preso investigação julgamento provas analistas investidores ações lucro vendas clientes dados
            tecnologia usuários utilizadores nem só vez num numa dele dela deles
            ter fazer poder dizer ir ver dar saber querer chegar passar dever pôr parecer ficar falar levar deixar seguir
            encontrar chamar vir pensar sair voltar tomar conhecer viver sentir tratar olhar contar começar esperar procurar
            existir entrar trabalhar escrever perder produzir ocorrer entender pedir receber lembrar terminar permitir
            aparecer conseguir servir tirar precisar manter resultar ler cair mudar apresentar criar abrir considerar ouvir
            acabar ganhar formar trazer morrer aceitar realizar explicar coisa coisas vida homem mulher filho família escola
            casa lugar noite fim ponto dinheiro número parte caso pergunta lado sistema programa problema palavra história
            alto baixo pequeno pequena bom boa mau longo jovem velho melhor pior importante possível alguns algumas qualquer
            nada ninguém algo alguém juntos sempre nunca talvez ali aqui amanhã tarde são estão tinha fez disseram
            """),
        new("it", "àèéìòù", """
            il lo la i gli le un uno una un' l' di del dello della dei degli delle a al allo alla ai agli alle da
            dal dalla dai dagli dalle in nel nello nella nei negli nelle su sul sulla sui sugli sulle con per tra
            fra e ed è che chi cui non più come ma o se anche già solo sono era erano stato stata stati essere
            ha hanno aveva avevano sarà può possono deve questo questa questi queste quello quella quelli quelle
            suo sua suoi sue loro ci si ne mi ti vi lui lei noi voi io tutto tutti tutta tutte altro altra altri
            altre dopo prima durante mentre perché però quando dove oggi ieri dell' all' nell' dall' sull' quell'
            quest' c' d' lunedì martedì mercoledì giovedì venerdì sabato domenica governo presidente ministro
            polizia anno anni settimana giorno giorni città paese stato persone rapporto detto dichiarato secondo
            portavoce elezioni partito voto guerra accordo economia mercato azienda aziende società cento milioni
            miliardi prezzi banca tasso tribunale giudice legge parlamento senato camera sicurezza confine salute
            ospedale bambini donne uomini tempo primo due tre ex mondo pubblico politica piano gruppo membri
            crisi regione capitale nord sud est ovest ancora molto così inoltre tuttavia circa
            mese mesi nuovo nuova nuovi ultimo ultima grande grandi diversi molti lavoro lavoratori occupazione
            tasse aumento calo crescita commercio servizi energia petrolio clima tempesta incendio squadra
            stagione partita vittoria direttore capo ufficio ministero campagna truppe sciopero protesta
            arrestato indagine processo prove analisti investitori azioni utile vendite clienti dati tecnologia
            utenti invece quindi senza sempre fatto fare può
            avere fare dire potere andare vedere sapere volere venire dovere prendere trovare dare parlare mettere passare
            credere tenere restare partire uscire arrivare permettere capire continuare chiedere mostrare cominciare sembra
            diventa cosa cose vita uomo donna figlio famiglia scuola casa luogo notte fine punto soldi numero parte caso
            domanda lato sistema programma problema parola storia alto basso piccolo piccola buono buona cattivo lungo
            giovane vecchio migliore importante possibile alcuni alcune ogni niente nessuno qualcosa qualcuno insieme spesso
            sempre mai troppo poco abbastanza qui domani mattina sera pomeriggio sarebbe siamo stanno fatto detto
            """),
        new("nl", "éëïöü", """
            de het een en van in is op te dat die niet met zijn voor er aan als ook maar om door bij naar uit
            over tot dan of nog wel geen meer al was waren wordt worden werd werden heeft hebben had hadden kan
            kunnen zou zouden moet moeten zal zullen wil deze dit hij zij ze we wij jullie ik je u hun haar hem
            ons onze mijn zich wat wie waar wanneer hoe omdat toen nu hier daar alle alles veel heel zeer tegen
            zonder tussen na sinds tijdens volgens echter bovendien vandaag gisteren maandag dinsdag woensdag
            donderdag vrijdag zaterdag zondag regering president premier minister politie jaar jaren week dag
            stad land staat mensen rapport zei zegt verklaarde woordvoerder verkiezingen verkiezing partij
            stemming oorlog akkoord overeenkomst economie markt bedrijf bedrijven procent miljoen miljard prijzen
            bank rente rechter rechtbank wet parlement kamer tweede veiligheid grens gezondheid ziekenhuis
            kinderen vrouwen mannen tijd eerste twee drie voormalig wereld openbaar politiek plan groep leden
            crisis regio hoofdstad noord zuid oost west nieuwe nieuw gaat komt kwam
            maand maanden laatste grote groot meerdere veel ongeveer werk werknemers banen belasting stijging
            daling groei handel diensten energie olie klimaat storm brand ploeg seizoen wedstrijd overwinning
            directeur baas kantoor ministerie campagne troepen staking protest gearresteerd onderzoek proces
            bewijs analisten beleggers aandelen winst omzet klanten gegevens technologie gebruikers
            volgens nederland nederlandse kabinet gemeente zegt onder zo wordt
            hebben zijn worden kunnen moeten zeggen maken geven komen willen gaan weten zien laten staan vinden blijven
            liggen heten denken nemen doen mogen geloven houden noemen tonen leiden spreken brengen leven rijden menen
            vragen kennen gelden stellen spelen werken gebruiken volgen leren bestaan begrijpen zetten krijgen beginnen
            vertellen proberen schrijven lopen uitleggen zitten trekken lijken vallen horen ontstaan ontvangen ontmoeten
            zoeken leggen handelen bereiken dragen verliezen herkennen ontwikkelen praten verschijnen vormen verwachten wonen
            wachten helpen winnen sluiten voelen bieden herinneren ding leven man vrouw kind familie school huis plaats
            nacht einde punt geld aantal deel geval vraag kant systeem programma probleem woord verhaal hoog laag klein
            kleine goed slecht lang jong oud beter belangrijk mogelijk sommige elke ieder niets iets niemand iemand samen
            vaak nooit altijd ondanks wegens binnen buiten daarom daarna daarvoor daarover zelf even weer
            """),
        new("tr", "çğıöșüâî", """
            ve bir bu da de ile için olarak olan ise ama fakat ancak çok daha en gibi kadar sonra önce göre karșı
            arasında içinde üzerinde değil var yok mi mı mu mü ne neden nasıl her hiç bazı tüm bütün șu o onun
            onlar biz siz ben sen bizim kendi ki ya veya hem eğer diye artık bile yine zaten șimdi bugün dün
            pazartesi salı çarșamba perșembe cuma cumartesi pazar hükümet cumhurbașkanı bașkan bașkanı bakan
            bakanı bakanlığı bașbakan polis yıl yılı yılında hafta gün șehir ülke ülkenin devlet kiși kișinin
            insanlar rapor dedi söyledi açıkladı belirtti ifade etti sözcüsü seçim seçimler seçimlerde parti
            oy savaș anlașma ekonomi piyasa șirket șirketler yüzde milyon milyar fiyatlar banka faiz mahkeme
            yasa kanun meclis güvenlik sınır sağlık hastane çocuklar kadınlar erkekler zaman ilk iki üç eski
            dünya kamu siyasi siyaset plan grup üyeleri kriz bölge bașkent kuzey güney doğu batı olduğunu
            yaptı yapılan edildi oldu olacak tarafından ilgili konusunda yeni büyük
            ay aylık son geçen birçok yaklașık iș ișçiler istihdam vergi artıș düșüș büyüme ticaret hizmetler
            enerji petrol iklim fırtına yangın takım sezon maç galibiyet müdür genel ofis kampanya asker grev
            protesto gözaltına sorușturma dava kanıt analistler yatırımcılar hisse kâr satıș müșteriler veri
            teknoloji kullanıcılar türkiye türk nin nın nun nün dan den tan ten ya ye yı yi nda nde ndan nden
            ın ün ediyor etmek olması olduğu yapıldı açıklama göre ayrıca
            olmak yapmak etmek demek gelmek gitmek vermek almak bilmek görmek istemek bulmak düşünmek bakmak çıkmak
            söylemek başlamak kalmak anlamak çalışmak yaşamak işte şey şeyler hayat adam kadın çocuk aile okul ev yer gece
            nokta para sayı parça durum soru taraf sistem program sorun söz hikaye yüksek düşük küçük iyi kötü uzun genç
            yaşlı önemli mümkün hiçbir birisi birlikte hep asla henüz burada orada yarın sabah akşam bulunan bulunuyor
            karar kararı verdi aldı geldi gitti başladı tarihinde kez hâlâ çünkü rağmen ediyor yapıyor geliyor olarak
            sonra kadar
            """),
        new("pl", "ąćęłńóśźż", """
            i w z na do nie się że to jest są był była było byli jak o od po za przez przy dla co który która
            które którzy ale lub oraz także też już jeszcze tylko bardzo tak jego jej ich on ona oni my wy ja ten
            ta te tego tej tym tych może można będzie być został została zostały zostało ma mają miał miała bez
            pod nad przed między według wobec podczas jednak gdy kiedy gdzie dlaczego jeśli więc aby żeby dziś
            wczoraj poniedziałek wtorek środa czwartek piątek sobota niedziela rząd prezydent premier minister
            ministra policja rok roku lat tydzień dzień miasto kraj kraju państwo ludzie raport powiedział
            powiedziała poinformował rzecznik wybory partia głosowanie wojna porozumienie umowa gospodarka rynek
            firma firmy proc procent milionów miliardów ceny bank stopy sąd ustawa sejm senat bezpieczeństwo
            granica zdrowie szpital dzieci kobiety mężczyźni czas pierwszy dwa trzy były świat publiczny
            polityka plan grupa członkowie kryzys region stolica północ południe wschód zachód nowy nowe
            polski polska polsce miesiąc miesięcy ostatni duży wiele około praca pracownicy podatki wzrost
            spadek handel usługi energia ropa klimat burza pożar drużyna sezon mecz zwycięstwo dyrektor szef
            ministerstwo kampania wojska strajk protest zatrzymany śledztwo proces dowody analitycy inwestorzy
            akcje zysk sprzedaż klienci dane technologia użytkownicy jako jest są został
            mieć móc mówić robić dać iść widzieć wiedzieć chcieć przyjść musieć powiedzieć zrobić brać znaleźć myśleć
            patrzeć wyjść zostać zacząć rozumieć pracować żyć rzecz rzeczy życie człowiek mężczyzna kobieta dziecko rodzina
            szkoła dom miejsce noc koniec punkt pieniądze liczba część przypadek pytanie strona system program problem słowo
            historia wysoki niski mały dobry zły długi młody stary lepszy ważny możliwy niektórzy każdy nic nikt coś ktoś
            razem często zawsze nigdy tutaj tam jutro rano wieczorem je ją nim nich niej której którego których temu
            polskiego polskiej będą miało mieli
            """),
        new("sv", "åäöé", """
            och i att det som en på är av för med till den har de inte om ett var jag han hon vi ni men så kan
            från sig också eller när vid efter under över sedan mot utan mellan genom hade skulle ska kommer
            blev blir vara varit detta dessa denna där här nu än mycket många alla andra sin sitt sina hans
            hennes deras vår våra vad vem hur varför enligt dock redan bara även idag igår måndag tisdag onsdag
            torsdag fredag lördag söndag regeringen regering president premiärminister statsminister minister
            polisen polis år året vecka veckan dag staden stad land landet staten människor rapport sade sa
            säger uppger talesperson val valet parti partiet röst kriget krig avtal avtalet ekonomi ekonomin
            marknaden företag företaget procent miljoner miljarder priser banken ränta domstol lag riksdagen
            säkerhet gränsen hälsa sjukhus barn kvinnor män tid första två tre tidigare världen offentlig
            politik plan gruppen medlemmar kris regionen huvudstad norra södra östra västra nya ny
            månad månader senaste stor stora flera cirka arbete anställda jobb skatt ökning minskning tillväxt
            handel tjänster energi olja klimat storm brand laget säsong match seger chef kontor departementet
            kampanj trupper strejk protest gripen utredning rättegång bevis analytiker investerare aktier vinst
            försäljning kunder uppgifter teknik användare sverige svenska kronor ingen inga hela
            vill ha göra säga kunna komma gå se veta vilja ta ge få stå finnas bli ligga tänka tro hålla visa leva tala
            fråga känna spela arbeta använda följa lära förstå sätta börja skriva försöka sitta falla höra söka lägga nå
            bära förlora utveckla prata verka vänta hjälpa vinna stänga erbjuda minnas sak saker liv man kvinna familj skola
            hus plats natt slut punkt pengar antal del fall sida system program problem ord historia hög låg liten små bra
            dålig lång ung gammal bättre viktig möjlig några varje ingenting något någon tillsammans ofta aldrig alltid
            trots därför själv igen bland samt dem dom fick gick kom
            """),
        new("da", "æøåé", """
            og i at det som en på er af for med til den har de ikke om et var jeg han hun vi men så kan fra sig
            også eller når ved efter under over siden mod uden mellem gennem havde skulle skal kommer blev bliver
            være været dette disse denne der her nu end meget mange alle andre sin sit sine hans hendes deres
            vores hvad hvem hvordan hvorfor ifølge dog allerede kun dag går mandag tirsdag onsdag torsdag fredag
            lørdag søndag regeringen regering præsident statsminister minister politiet politi år året uge ugen
            byen by land landet staten mennesker rapport sagde siger oplyser talsperson valg valget parti partiet
            stemme krigen krig aftale aftalen økonomi økonomien markedet virksomhed virksomheder procent
            millioner milliarder priser banken rente domstol lov folketinget sikkerhed grænsen sundhed hospital
            sygehus børn kvinder mænd tid første to tre tidligere verden offentlig politik plan gruppen
            medlemmer krise regionen hovedstad nye nogle nogen ud op
            måned måneder seneste stor store flere omkring arbejde ansatte job skat stigning fald vækst handel
            tjenester energi olie klima storm brand holdet sæson kamp sejr direktør chef kontor ministeriet
            kampagne tropper strejke protest anholdt efterforskning retssag beviser analytikere investorer
            aktier overskud salg kunder oplysninger teknologi brugere danmark danske kroner ingen hele
            operation operationer situation information station organisation nation kommission position
            tradition undersøgelse vej veje nej høj højt øje øjne mig dig bog tage give gøre gjort købe hjælp
            hjælpe lidt skete fordi derfor stadig mulighed myndigheder frihed nyhed begivenhed virkelighed forskel
            selv senere aldrig altid sammen samme godt noget intet igen kendt gælder køre sker lige både
            vil have gøre sige kunne komme gå se vide ville tage give få stå findes blive ligge tænke tro holde vise leve
            tale spørge kende spille arbejde bruge følge lære forstå sætte begynde skrive forsøge sidde falde høre søge
            lægge nå bære tabe udvikle snakke virke vente hjælpe vinde lukke føle tilbyde huske ting liv mand kvinde familie
            skole hus sted nat slut punkt penge antal del tilfælde spørgsmål side system program problem ord historie lav
            lille små god dårlig lang ung gammel bedre vigtig mulig hver trods blandt samt dem fik gik kom
            """),
        new("no", "æøåé", """
            og i å at det som en på er av for med til den har de ikke om et var jeg han hun vi dere men så kan
            fra seg også eller når ved etter under over siden mot uten mellom gjennom hadde skulle skal kommer
            ble blir være vært dette disse denne der her nå enn mye mange alle andre sin sitt sine hans hennes
            deres vår våre hva hvem hvordan hvorfor ifølge likevel allerede bare dag går mandag tirsdag onsdag
            torsdag fredag lørdag søndag regjeringen regjering president statsminister minister politiet politi
            år året uke uken byen by land landet staten mennesker rapport sa sier opplyser talsperson valg valget
            parti partiet stemme krigen krig avtale avtalen økonomi økonomien markedet selskap selskaper bedrift
            prosent millioner milliarder priser banken rente domstol lov stortinget sikkerhet grensen helse
            sykehus barn kvinner menn tid første to tre tidligere verden offentlig politikk plan gruppen
            medlemmer krise regionen hovedstad nye noen ut opp
            måned måneder siste stor store flere omkring arbeid ansatte jobb skatt økning nedgang vekst handel
            tjenester energi olje klima storm brann laget sesong kamp seier direktør sjef kontor departementet
            kampanje tropper streik protest pågrepet etterforskning rettssak bevis analytikere investorer aksjer
            overskudd salg kunder opplysninger teknologi brukere norge norske kroner ingen hele
            operasjon operasjoner situasjon informasjon stasjon organisasjon nasjon kommisjon posisjon
            tradisjon undersøkelse vei veier nei høy høyt øye øyne meg deg bok ta gi gjøre gjort kjøpe hjelp
            hjelpe litt skjedde fordi derfor fortsatt mulighet myndighetene frihet nyhet hendelse virkelighet
            forskjell selv senere aldri alltid sammen samme godt noe ingenting igjen kjent gjelder kjøre skjer
            både
            vil ha gjøre si kunne komme gå se vite ville ta gi få stå finnes bli ligge tenke tro holde vise leve snakke
            spørre kjenne spille arbeide bruke følge lære forstå sette begynne skrive forsøke sitte falle høre søke legge
            nå bære tape utvikle virke vente hjelpe vinne lukke føle tilby huske ting liv mann kvinne familie skole hus
            sted natt slutt punkt penger antall del tilfelle spørsmål side system program problem ord historie lav liten
            små god dårlig lang ung gammel bedre viktig mulig hver tross blant samt dem fikk gikk kom
            """),
        new("ro", "ăâîșț", """
            și în de la cu pe din a al ai ale o un unei unui care că este sunt era fost fi au nu mai se să ce
            cum când unde pentru prin după înainte despre între până fără sub peste iar dar sau ori acest
            această acești aceste acel acea lui ei lor sa său sale noi voi eu el ea ele le îi îl ne vă am ai are
            avea va vor poate pot trebuie foarte toate toți tot toată alte alt altă deja încă doar astfel însă
            astăzi azi ieri luni marți miercuri joi vineri sâmbătă duminică guvernul guvern președintele
            președinte ministrul ministru premierul poliția an anul ani săptămâna zi ziua orașul oraș țara țară
            statul oameni raport spus declarat potrivit purtătorul alegeri alegerile partidul vot război acord
            economia economie piața compania companii procente milioane miliarde prețurile banca dobânda instanța
            judecător legea parlamentul senatul securitate granița sănătate spitalul copii femei bărbați timp
            primul prima doi două trei fostul lume public politica plan grupul membrii criză regiunea capitala
            nord sud est vest nou nouă
            luna lunii ultimul mare mari mai mulți aproximativ muncă angajați locuri taxe creștere scădere
            comerț servicii energie petrol climă furtună incendiu echipa sezon meci victorie director șef birou
            ministerul campanie trupe grevă protest arestat anchetă proces dovezi analiști investitori acțiuni
            profit vânzări clienți date tehnologie utilizatori românia române lei fiind care cea cel
            avea fi face spune putea merge vedea ști vrea veni trebui lua găsi da vorbi pune trece crede ține rămâne pleca
            ieși ajunge permite înțelege continua cere arăta începe pare devine lucru lucruri viață om bărbat femeie copil
            familie școală casă loc noapte sfârșit punct bani număr parte caz întrebare sistem program problemă cuvânt
            istorie înalt mic mică bun bună rău lung tânăr vechi important posibil unii unele fiecare nimic nimeni ceva
            cineva împreună adesea mereu niciodată aici acolo mâine dimineață seară
            """),
        new("id", "", """
            yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga ada oleh sebagai adalah karena
            atau bahwa mereka kami kita saya dia ia telah sudah belum bisa dapat harus lebih sangat setelah
            sebelum saat ketika sejak hingga sampai antara tentang seperti namun tetapi tapi jika kalau agar
            supaya para bagi masih hanya semua banyak beberapa setiap kemarin senin selasa rabu kamis jumat sabtu
            minggu pemerintah presiden menteri polisi tahun pekan hari kota negara orang laporan mengatakan kata
            ujar menurut juru bicara pemilu pemilihan partai suara perang perjanjian kesepakatan ekonomi pasar
            perusahaan persen juta miliar harga bank suku bunga pengadilan hakim undang dpr keamanan perbatasan
            kesehatan rumah sakit anak perempuan laki waktu pertama dua tiga mantan dunia publik politik
            rencana kelompok anggota krisis wilayah ibu utara selatan timur barat baru tersebut secara
            bulan terakhir besar sekitar kerja pekerja lapangan pajak kenaikan penurunan pertumbuhan perdagangan
            layanan energi minyak iklim badai kebakaran tim musim pertandingan kemenangan direktur kepala kantor
            kementerian kampanye pasukan mogok protes ditangkap penyelidikan sidang bukti analis investor saham
            laba penjualan pelanggan data teknologi pengguna indonesia jakarta rupiah tak pun lagi sendiri
            adanya membuat melakukan pergi melihat mengetahui ingin datang memberikan mengambil menemukan berpikir
            berbicara lewat percaya tinggal pulang keluar tiba memungkinkan memahami melanjutkan meminta menunjukkan memulai
            tampak menjadi hal kehidupan pria wanita keluarga sekolah tempat malam akhir titik uang jumlah bagian kasus
            pertanyaan sisi sistem program masalah cerita tinggi rendah kecil baik buruk panjang muda tua penting mungkin
            sesuatu seseorang bersama sering selalu pernah sini sana besok pagi sore
            """),
        new("ca", "àçéèíïòóúü·", """
            el la els les l' un una uns unes de del dels d' a al als en i o que què és són era eren ha han havia
            va van ser estat està estan per amb sense sobre entre fins des cap contra segons se s' es seu seva
            seus seves li ens us no sí més molt però com quan on qui quin quina aquest aquesta aquests aquestes
            aquell aquella això també ja tot tots tota totes altre altra altres mateix cada perquè encara mentre
            després abans durant avui ahir dilluns dimarts dimecres dijous divendres dissabte diumenge govern
            president presidenta conseller consellera ministre policia any anys setmana dia dies ciutat país
            persones informe dit dir portaveu eleccions partit votació guerra acord economia mercat empresa
            empreses cent milions preus banc tribunal jutge llei parlament seguretat frontera salut hospital
            nens dones homes temps primer primera dos tres antic món públic pública política pla grup membres
            crisi regió capital nord sud est oest hi ho n' m' t'
            mes mesos nou nova nous últim última gran grans diversos molts uns feina treball treballadors
            impostos augment caiguda creixement comerç serveis energia petroli clima tempesta incendi equip
            temporada partit victòria director cap oficina ministeri campanya tropes vaga protesta detingut
            investigació judici proves analistes inversors accions benefici vendes clients dades tecnologia
            usuaris catalunya generalitat aquesta fer fa hem
            tenir fer poder dir anar veure donar saber voler arribar passar deure posar semblar quedar creure parlar portar
            deixar seguir trobar cridar venir pensar sortir tornar prendre conèixer viure sentir tractar mirar explicar
            començar esperar buscar existir entrar treballar escriure perdre produir entendre demanar rebre recordar acabar
            permetre aparèixer aconseguir servir necessitar mantenir llegir caure canviar presentar crear obrir considerar
            guanyar formar cosa coses vida home dona fill família escola casa lloc nit final punt diners nombre part cas
            pregunta costat sistema programa problema paraula història alt baix petit petita bo bona dolent llarg jove vell
            millor pitjor important possible alguns algunes qualsevol res ningú algú junts sempre mai potser allà aquí demà
            matí tarda vespre
            """),
    ];
}
