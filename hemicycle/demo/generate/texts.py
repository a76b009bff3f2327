"""Generated data: the French names, places and titles the generator draws from."""

from __future__ import annotations

from hemicycle.council.models import CouncilGroup, FilingKind
from hemicycle.filings.models import Filing
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance

# --- texts ---------------------------------------------------------------------------------

FIRST_NAMES = [
    ("Mme", "F", n)
    for n in [
        "Anne",
        "Audrey",
        "Céline",
        "Chloé",
        "Claire",
        "Élodie",
        "Émilie",
        "Hélène",
        "Isabelle",
        "Julie",
        "Laure",
        "Léa",
        "Louise",
        "Manon",
        "Marie",
        "Mathilde",
        "Nathalie",
        "Pauline",
        "Sandrine",
        "Valérie",
        "Zoé",
        "Yasmine",
        "Sarah",
    ]
] + [
    ("M.", "M", n)
    for n in [
        "Adrien",
        "Antoine",
        "Arnaud",
        "Benoît",
        "Christophe",
        "David",
        "Éric",
        "Fabien",
        "Guillaume",
        "Hugo",
        "Jérôme",
        "Laurent",
        "Louis",
        "Marc",
        "Mathieu",
        "Nicolas",
        "Olivier",
        "Paul",
        "Rachid",
        "Sébastien",
        "Vincent",
        "Xavier",
    ]
]
LAST_NAMES = [
    "Bernard",
    "Blondel",
    "Bouchez",
    "Carpentier",
    "Cordier",
    "Debruyne",
    "Decroix",
    "Delannoy",
    "Delbecq",
    "Delmotte",
    "Deprez",
    "Descamps",
    "Devos",
    "Dubois",
    "Duchêne",
    "Dupont",
    "Duquesne",
    "Fontaine",
    "Hennebelle",
    "Hochart",
    "Lambert",
    "Lecomte",
    "Lefort",
    "Legrand",
    "Lemoine",
    "Leroux",
    "Lesage",
    "Maes",
    "Martin",
    "Masson",
    "Mercier",
    "Noël",
    "Petit",
    "Poulain",
    "Renard",
    "Roussel",
    "Salomé",
    "Tison",
    "Vanhove",
    "Verhaeghe",
    "Wattez",
]
TOWNS = [
    ("Lille", "59"),
    ("Roubaix", "59"),
    ("Dunkerque", "59"),
    ("Valenciennes", "59"),
    ("Douai", "59"),
    ("Arras", "62"),
    ("Lens", "62"),
    ("Calais", "62"),
    ("Boulogne-sur-Mer", "62"),
    ("Béthune", "62"),
    ("Amiens", "80"),
    ("Abbeville", "80"),
    ("Beauvais", "60"),
    ("Compiègne", "60"),
    ("Creil", "60"),
    ("Saint-Quentin", "02"),
    ("Laon", "02"),
    ("Soissons", "02"),
]
ACTIONS = [
    "Attribution d’une subvention à",
    "Convention de partenariat avec",
    "Aide régionale à l’investissement de",
    "Convention pluriannuelle d’objectifs avec",
    "Participation régionale au projet porté par",
    "Affectation d’une autorisation de programme en faveur de",
    "Avenant à la convention conclue avec",
    "Garantie d’emprunt accordée à",
]
BENEFICIARIES = [
    "la commune de {town}",
    "la communauté d’agglomération de {town}",
    "l’association Les Jardins partagés de {town}",
    "le lycée professionnel Jean-Jaurès de {town}",
    "le lycée Condorcet de {town}",
    "le centre hospitalier de {town}",
    "la maison de santé pluriprofessionnelle de {town}",
    "le club sportif de {town}",
    "la mission locale de {town}",
    "la chambre d’agriculture de {town}",
    "l’office de tourisme de {town}",
    "le théâtre municipal de {town}",
    "la société coopérative Énergies citoyennes de {town}",
    "l’université de {town}",
]
PURPOSES = [
    "pour la rénovation énergétique de ses bâtiments",
    "pour l’aménagement d’une voie verte",
    "pour l’achat de matériel pédagogique",
    "pour un programme de formation des demandeur·ses d’emploi",
    "pour la restauration d’une zone humide",
    "pour la création d’une halle alimentaire de produits locaux",
    "pour l’extension d’un pôle d’échanges multimodal",
    "pour l’organisation d’un festival",
    "pour le déploiement du très haut débit",
    "pour l’installation de panneaux photovoltaïques",
    "pour l’accueil de jeunes en service civique",
    "pour la modernisation d’un équipement sportif",
    "pour un projet d’économie circulaire",
    "au titre du fonds européen de développement régional",
]
PLENARY_TITLES = [
    "Budget primitif {year}",
    "Décision modificative n° {n} pour {year}",
    "Compte administratif {prev}",
    "Schéma régional d’aménagement, de développement durable et d’égalité des territoires",
    "Plan régional en faveur des lycées {year}-{next}",
    "Stratégie régionale pour la biodiversité",
    "Règlement d’intervention des aides à l’apprentissage",
    "Politique régionale de l’eau : orientations {year}",
    "Rapport sur la situation en matière de développement durable",
    "Tarification des transports express régionaux",
]
SUMMARY = (
    "La Région est sollicitée par {beneficiary} {purpose}. Il est proposé d’accorder {amount} "
    "au titre du programme {programme}, selon les modalités de la convention jointe."
)
PROGRAMMES = ["Territoires en transition", "Lycées d’avenir", "Mobilités du quotidien", "REV3"]
RAPPORTEURS = [
    f"{first} {last}"
    for (_, _, first), last in zip(FIRST_NAMES[::3], LAST_NAMES[::4], strict=False)
]
OTHER_GROUPS = [
    # name, short name, side, seats, colour: with ours (14 seats) the council's 170 seats.
    (
        "Union de la droite, du centre et des indépendants",
        "UDCI",
        CouncilGroup.Side.MAJORITY,
        88,
        "#1e4fa3",
    ),
    ("Rassemblement national", "RN", CouncilGroup.Side.OPPOSITION, 30, "#2b2f6b"),
    ("Non-inscrit·es", "NI", CouncilGroup.Side.UNAFFILIATED, 15, "#9e9e9e"),
    (
        "Socialistes, communistes et républicains",
        "SCR",
        CouncilGroup.Side.OPPOSITION,
        12,
        "#e0457b",
    ),
    ("Centristes et indépendants", "CI", CouncilGroup.Side.MAJORITY, 11, "#f0a000"),
]
# How each side of the council votes, as shares of its seats (pour, contre, abstention).
HABITS = {
    CouncilGroup.Side.MAJORITY: (0.97, 0.0, 0.03),
    CouncilGroup.Side.OPPOSITION: (0.45, 0.35, 0.15),
    CouncilGroup.Side.UNAFFILIATED: (0.4, 0.3, 0.2),
    "RN": (0.05, 0.6, 0.35),
}
# The group's line on a rapport (most rapports of a commission permanente are voted pour).
LINES = [VoteLine.Position.POUR] * 14 + [
    VoteLine.Position.CONTRE,
    VoteLine.Position.CONTRE,
    VoteLine.Position.ABSTENTION,
    VoteLine.Position.ABSTENTION,
    VoteLine.Position.NPPV,
    VoteLine.Position.FREE,
]
ATTENDANCE = [Attendance.Status.PRESENT] * 82 + (
    [Attendance.Status.REMOTE] * 5
    + [Attendance.Status.EXCUSED] * 5
    + [Attendance.Status.ABSENT] * 2
    + [Attendance.Status.REPRESENTED] * 6
)
# (kind, share in per mille) of the group's filings over a mandature.
FILING_KINDS = [
    (FilingKind.AMENDEMENT, 560),
    (FilingKind.VOEU, 120),
    (FilingKind.MOTION, 40),
    (FilingKind.MOTION_URGENCE, 10),
    (FilingKind.QUESTION_ORALE, 80),
    (FilingKind.QUESTION_ECRITE, 100),
    (FilingKind.QUESTION_ACTUALITE, 50),
    (FilingKind.TRIBUNE, 40),
]
SUB_AMENDMENT_PER_MILLE = 30
FILING_STATUSES = [Filing.Status.DECIDED] * 80 + (
    [Filing.Status.FILED] * 6
    + [Filing.Status.ABANDONED] * 8
    + [Filing.Status.DRAFT] * 3
    + [Filing.Status.REVIEW] * 2
    + [Filing.Status.VALIDATED] * 1
)
OUTCOMES = [Filing.Outcome.REJECTED] * 70 + (
    [Filing.Outcome.ADOPTED] * 12
    + [Filing.Outcome.ADOPTED_AMENDED] * 5
    + [Filing.Outcome.WITHDRAWN] * 6
    + [Filing.Outcome.INADMISSIBLE] * 3
    + [Filing.Outcome.FALLEN] * 4
)
