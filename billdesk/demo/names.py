"""Name and address material for demo accounts (invented people at real Swiss places)."""

FIRST = {
    "de": ["Anna", "Lukas", "Sarah", "Daniel", "Laura", "Marco", "Nina", "Thomas", "Sandra",
           "Reto", "Barbara", "Stefan", "Claudia", "Urs", "Monika", "Beat", "Andrea", "Peter",
           "Karin", "Simon", "Julia", "Matthias", "Corinne", "Michael", "Lea", "Jonas", "Ursula",
           "Martin", "Franziska", "Roger", "Esther", "Patrick", "Silvia", "Adrian", "Regula"],
    "fr": ["Camille", "Julien", "Sophie", "Nicolas", "Chloé", "Olivier", "Isabelle", "Mathieu",
           "Céline", "Laurent", "Aurélie", "Pierre", "Valérie", "François", "Élodie"],
    "it": ["Giulia", "Luca", "Francesca", "Matteo", "Chiara", "Alessandro", "Sara", "Davide",
           "Elena", "Fabio", "Paola", "Giorgio"],
    "en": ["Emma", "James", "Olivia", "William", "Sophie", "Thomas", "Emily", "Daniel",
           "Charlotte", "Robert", "Hannah", "David"],
}
LAST = {
    "de": ["Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Meyer",
           "Steiner", "Fischer", "Gerber", "Brunner", "Baumann", "Frei", "Zimmermann", "Moser",
           "Widmer", "Wyss", "Graf", "Roth", "Suter", "Baumgartner", "Bachmann", "Studer",
           "Bühler", "Kunz", "Hofmann", "Lehmann", "Marti", "Kälin", "Ammann", "Egli", "Hess",
           "Vogel", "Frey", "Sutter", "Bösch", "Hürlimann", "Wehrli", "Zürcher"],
    "fr": ["Favre", "Rochat", "Dubois", "Bonvin", "Perrin", "Girard", "Morel", "Jaquet",
           "Chappuis", "Rey", "Berset", "Cuendet", "Pittet", "Monnier", "Gay"],
    "it": ["Bernasconi", "Rossi", "Ferrari", "Colombo", "Bianchi", "Pedrazzini", "Galli",
           "Lombardi", "Fontana", "Moretti", "Conti", "Ghirlanda"],
    "en": ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright",
           "Thompson", "Hughes", "Clarke", "Harris"],
}
LANGUAGES = ("de", "fr", "it", "en")
LANGUAGE_WEIGHTS = (0.80, 0.09, 0.06, 0.05)

# (postcode, city, weight, city centre) — municipalities in the canton of Zurich
PLACES = [
    ("8001", "Zürich", 4, True), ("8004", "Zürich", 5, False), ("8005", "Zürich", 4, False),
    ("8006", "Zürich", 4, False), ("8032", "Zürich", 3, False), ("8037", "Zürich", 3, False),
    ("8046", "Zürich", 3, False), ("8050", "Zürich", 4, False),
    ("8057", "Zürich", 3, False),
    ("8400", "Winterthur", 4, True), ("8404", "Winterthur", 3, False),
    ("8408", "Winterthur", 3, False), ("8610", "Uster", 4, False), ("8600", "Dübendorf", 3, False),
    ("8820", "Wädenswil", 3, False), ("8810", "Horgen", 3, False), ("8180", "Bülach", 3, False),
    ("8953", "Dietikon", 3, False), ("8302", "Kloten", 2, False), ("8706", "Meilen", 2, False),
    ("8910", "Affoltern am Albis", 2, False), ("8620", "Wetzikon", 3, False),
    ("8340", "Hinwil", 2, False), ("8304", "Wallisellen", 2, False),
    ("8330", "Pfäffikon", 2, False),
    ("8125", "Zollikerberg", 1, False), ("8700", "Küsnacht", 2, False),
    ("8450", "Andelfingen", 1, False), ("8460", "Marthalen", 1, False),
    ("8414", "Buch am Irchel", 1, False), ("8162", "Steinmaur", 1, False),
]
RURAL = ["8450", "8460", "8414", "8162", "8340", "8910"]

STREETS = ["Bahnhofstrasse", "Dorfstrasse", "Hauptstrasse", "Kirchgasse", "Seestrasse",
           "Schulhausstrasse", "Rosenweg", "Lindenstrasse", "Zürcherstrasse", "Gartenstrasse",
           "Bergstrasse", "Feldstrasse", "Rebbergstrasse", "Sonnenbergstrasse", "Wiesenstrasse",
           "Im Grund", "Landstrasse", "Poststrasse", "Weinbergstrasse", "Alte Landstrasse",
           "Mühlegasse", "Obstgartenweg", "Birkenweg", "Ahornweg", "Industriestrasse",
           "Gewerbestrasse", "Neugasse", "Hofackerstrasse", "Tannenstrasse", "Winterthurerstrasse"]

BUSINESS = ["Bäckerei {n}", "Schreinerei {n} AG", "Garage {n} GmbH", "Metzgerei {n}",
            "Coiffure {n}", "{n} Elektro AG", "Restaurant Sonne, {n}", "{n} Treuhand AG",
            "Druckerei {n} AG", "{n} Holzbau GmbH", "Hotel Bären, {n}", "{n} Informatik AG",
            "Praxis Dr. {n}", "{n} Sanitär GmbH", "Landi {c}", "{n} Gartenbau AG"]
FARMS = ["Hof {n}", "Landwirtschaft {n}", "Biohof {n}", "Weingut {n}", "Gärtnerei {n}"]
MAIL_DOMAINS = ["bluewin.ch", "gmx.ch", "sunrise.ch", "gmail.com", "hispeed.ch", "outlook.com",
                "protonmail.ch"]

COMMUNITY_NAMES = ["LEG Sonnenhalde", "ZEV Rebberg", "LEG Seeblick", "LEG Sonnmatt",
                   "LEG Chilbihof", "LEG Lindenhof", "LEG Sunnebüel", "LEG Grüntal"]
