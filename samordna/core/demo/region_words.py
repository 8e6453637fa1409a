"""The fixed lists generate_region draws its fictional names and texts from.

Places are fairy-tale words that no Swedish municipality is called; people get common
given names and family names made of two nature words, as the demo's. What makes every
person fictional is the identity number (Skatteverket's test series), the address (postal
codes 999 xx, which the postal service does not use) and the reserved .example domains.
"""

TOWN_HEADS = [
    "Sago", "Fabel", "Dröm", "Älve", "Tomte", "Sägen", "Myten", "Runa", "Ljuv",
    "Vätte", "Jätte", "Drak", "Önske", "Spök", "Saga", "Trolle", "Rimfrost",
]  # fmt: skip
TOWN_TAILS = ["by", "vik", "dal", "näs", "å", "hamn", "berga", "mo", "torp", "sund", "lid", "fors"]
REGION_NAME = "Region Fabelland"

GIRLS = [
    "Alice", "Maja", "Vera", "Elsa", "Alma", "Wilma", "Ella", "Astrid", "Selma", "Olivia",
    "Ebba", "Saga", "Freja", "Ines", "Nora", "Lilly", "Stella", "Agnes", "Leah", "Signe",
    "Iris", "Edith", "Tyra", "Juni", "Hedda", "Sara", "Amira", "Yasmin", "Hanna", "Klara",
    "Lova", "Emilia", "Greta", "Ronja", "Meja", "Nadia", "Zahra", "Elin", "Moa", "Livia",
]  # fmt: skip
BOYS = [
    "William", "Noah", "Hugo", "Liam", "Lucas", "Oscar", "Elias", "Theo", "Nils", "Adam",
    "Frans", "Matteo", "Leo", "Vincent", "Ture", "Arvid", "Alfred", "Otto", "Ivar", "Sixten",
    "Melvin", "Olle", "Harry", "Axel", "Isak", "Omar", "Ali", "Samir", "Jonathan", "Ludvig",
    "Gustav", "Malte", "Viggo", "Josef", "Yusuf", "Milo", "Edvin", "Sam", "Loke", "Aron",
]  # fmt: skip
WOMEN = [
    "Anna", "Maria", "Karin", "Sara", "Lena", "Emma", "Johanna", "Sofia", "Jenny", "Linda",
    "Fatima", "Elin", "Malin", "Camilla", "Therese", "Helena", "Ida", "Hanna", "Amal",
    "Petra", "Sanna", "Jessica", "Frida", "Louise", "Nadia", "Olga", "Aisha", "Cecilia",
]  # fmt: skip
MEN = [
    "Erik", "Johan", "Anders", "Peter", "Mikael", "Daniel", "Fredrik", "Jonas", "Mattias",
    "Ahmed", "Per", "Magnus", "Andreas", "Niklas", "Stefan", "Marcus", "Tobias", "Henrik",
    "Karim", "Oskar", "Robin", "Sebastian", "Hassan", "Viktor", "Joakim", "Patrik",
]  # fmt: skip
FAMILY_HEADS = [
    "Sag", "Björk", "Ljung", "Fjäll", "Sjö", "Lind", "Ek", "Berg", "Moss", "Al", "Gran",
    "Hassel", "Sälg", "Rönn", "Äng", "Vik", "Dal", "Strand", "Hav", "Skog", "Tall", "Ask",
    "Lönn", "Kärr", "Myr", "Rosen", "Lilje", "Sten", "Hag", "Fors",
]  # fmt: skip
FAMILY_TAILS = [
    "ström", "vik", "berg", "dal", "lund", "gren", "qvist", "mark", "sten", "holm", "näs",
    "åker", "hed", "blad", "fors", "ling",
]  # fmt: skip
STREET_TAILS = ["vägen", "gatan", "stigen", "backen", "gränd", "allén"]

PRESCHOOLS = [
    "Solrosens", "Blåklockans", "Vitsippans", "Smörblommans", "Prästkragens", "Maskrosens",
    "Lingonets", "Blåbärets", "Ekorrens", "Igelkottens", "Myrans", "Humlans", "Tranans",
    "Ugglans", "Rävens", "Björnens",
]  # fmt: skip
SCHOOLS = [
    "Ekbackens", "Björkhagens", "Tallmons", "Ängsbackens", "Sjövikens", "Åsens",
    "Bergslundens", "Lindens", "Granbackens", "Rönnens", "Hasselns", "Kastanjens", "Vallens",
    "Furulundens", "Mossens", "Hagens", "Kvarnens", "Smedjans",
]  # fmt: skip
HOMES = ["Lindgården", "Björkhagen", "Solgläntan", "Ekhagen", "Granlunden", "Tallbacken"]

CHILD_WISHES = [
    "Jag vill ha en kompis att vara med på rasterna.",
    "Jag vill orka gå till skolan varje dag.",
    "Att det ska vara lugnt hemma.",
    "Jag vill sova bättre och slippa ont i magen.",
    "Jag vill få vara med på fotbollen igen.",
    "Att de vuxna pratar med varandra så att jag slipper berätta allt många gånger.",
    "Jag vill klara skolan och få jobba med djur sen.",
    "Visar med bilder att han tycker om att vara ute och bygga.",
]
REASONS = [
    "Barnet har hög frånvaro och familjen har kontakt med flera verksamheter.",
    "Skolan och socialtjänsten ser oro kring barnets hemsituation.",
    "Barnet har en neuropsykiatrisk diagnos och behöver anpassningar i skola och hem.",
    "Barnet skrivs ut från slutenvården och behöver stöd hemma och i skolan.",
    "Barnet har ångest som gör det svårt att gå till skolan.",
    "Familjen behöver stöd och insatserna behöver samordnas.",
]
PURPOSES = [
    "Hur kan skola, socialtjänst och hälso- och sjukvård tillsammans hjälpa barnet?",
    "Hur får barnet en trygg vardag, hemma och i skolan?",
    "Hur blir hemgången trygg för barnet och familjen?",
    "Hur får barnet en bra start i förskoleklass?",
]
NEEDS = [
    "Trygghet i skolan, stöd till familjen och en utredning.",
    "Anpassad skolgång och behandling.",
    "Stöd i vardagen och i kontakten med myndigheterna.",
    "",
]
LONG_GOALS = [
    "Jag vill tycka om skolan.",
    "Jag vill att det ska vara lugnt hemma.",
    "Jag vill klara gymnasiet.",
    "Jag vill må bra och ha kompisar.",
    "Jag vill bo kvar hemma.",
]
SHORT_GOALS = [
    "Barnet är i skolan minst fyra dagar i veckan.",
    "Barnet sover minst åtta timmar varje natt.",
    "Familjen har fått föräldrastöd under hösten.",
    "Utredningen är klar före sommaren.",
]
MEASURES = {
    "preschool": ["Extra stöd i barngruppen med bildstöd.", "Specialpedagog handleder personalen."],
    "compulsory_school": ["Anpassat schema och en lugn plats.", "Studiehandledning."],
    "upper_secondary": ["Anpassad studiegång.", "Mentorssamtal varje vecka."],
    "pupil_health": ["Samtal med kurator varje vecka.", "Hälsosamtal med skolsköterskan."],
    "social_services": ["Föräldrastöd i hemmet två gånger i månaden.", "En kontaktperson."],
    "camhs": ["Utredning av oro och magont.", "Behandling (KBT) varje vecka."],
    "habilitation": ["Stöd till familjen kring diagnosen.", "Arbetsterapeut ser över hjälpmedel."],
    "primary_care": ["Läkarbesök för sömnen.", "Uppföljning hos sjuksköterskan."],
    "residential_care": ["Boende och stöd i vardagen."],
}
OTHER_ACTORS = [
    ("Försäkringskassan", "social_insurance", "Prövar ansökan om omvårdnadsbidrag."),
    ("Föreningen Fabellands unga", "civil_society", "Fritidsaktivitet två kvällar i veckan."),
    ("Familjen", "family", "Mormor hämtar på fredagar."),
]
SITUATIONS = [
    "Barnet berättar att morgnarna är svåra. Vårdnadshavarna beskriver en trött vardag.",
    "Barnet berättar med tolk att det sover dåligt och saknar sina vänner.",
    "Vårdnadshavarna berättar att det har blivit bättre sedan förra mötet.",
]
VIEWS = [
    "Skolan ser att barnet trivs på fritids. BUP erbjuder en bedömning.",
    "Socialtjänsten erbjuder föräldrastöd. Elevhälsan följer frånvaron.",
    "Alla ser att insatserna fungerar och vill fortsätta som nu.",
]
CLOSURE_NOTES = [
    "Barnet mår bättre och klarar skolan med de anpassningar skolan själv ger.",
    "Familjen har flyttat till en annan kommun.",
    "Vårdnadshavarna tog tillbaka sitt samtycke.",
    "Insatserna behövs inte längre från båda huvudmännen.",
]
