"""Texts of the council-work demo: instances, rules, rapports, notes (all fictional)."""

from __future__ import annotations

from decimal import Decimal

from hemicycle.council.models import FilingKind
from hemicycle.positions.models import VoteLine

SECTIONS = ["02", "59", "60", "62", "80"]

COMMISSIONS = [
    ("Finances, administration générale et fonds européens", "Finances"),
    ("Transports, mobilités et infrastructures", "Transports"),
    ("Lycées, éducation et apprentissage", "Lycées"),
    ("Transition écologique, environnement et énergie", "Environnement"),
    ("Agriculture, alimentation et ruralité", "Agriculture"),
    ("Développement économique, emploi et formation", "Économie"),
    ("Culture, sport et vie associative", "Culture"),
    ("Aménagement du territoire, logement et santé", "Aménagement"),
]

# kind, deadline hours, max per séance, signatories, max length
FILING_RULES = [
    (FilingKind.AMENDEMENT, 72, 10, 1, None),
    (FilingKind.SOUS_AMENDEMENT, 24, None, 1, None),
    (FilingKind.VOEU, 96, 3, 1, None),
    (FilingKind.MOTION, 96, 2, 3, None),
    (FilingKind.MOTION_URGENCE, 2, 1, 3, None),
    (FilingKind.QUESTION_ORALE, 168, 2, 1, None),
    (FilingKind.QUESTION_ECRITE, 24, None, 1, None),
    (FilingKind.QUESTION_ACTUALITE, 48, 1, 1, None),
    (FilingKind.TRIBUNE, 480, 1, 1, 2500),
]

THEMES = [
    "Transports",
    "Lycées",
    "Énergie",
    "Biodiversité",
    "Agriculture",
    "Économie",
    "Emploi",
    "Formation",
    "Culture",
    "Sport",
    "Santé",
    "Logement",
    "Eau",
    "Numérique",
    "Budget",
    "Europe",
    "Tourisme",
    "Jeunesse",
]

# title, commission short name, amount, themes, départements, beneficiaries
PLENARY_REPORTS = [
    ("Budget primitif 2027", "Finances", Decimal("3912450000"), ["Budget"], SECTIONS, []),
    (
        "Transports scolaires : convention de délégation de compétence avec le Département de la Somme",
        "Transports",
        Decimal("18400000"),
        ["Transports", "Jeunesse"],
        ["80"],
        ["Département de la Somme"],
    ),
    (
        "TER Hauts-de-France : avenant n° 4 à la convention d’exploitation 2024-2033",
        "Transports",
        Decimal("42750000"),
        ["Transports"],
        SECTIONS,
        ["SNCF Voyageurs"],
    ),
    (
        "Tarification solidaire des transports régionaux pour les demandeur·ses d’emploi",
        "Transports",
        Decimal("2300000"),
        ["Transports", "Emploi"],
        SECTIONS,
        [],
    ),
    (
        "Plan vélo régional : appel à projets 2027 pour les aménagements cyclables",
        "Transports",
        Decimal("6000000"),
        ["Transports", "Biodiversité"],
        SECTIONS,
        [],
    ),
    (
        "Rénovation énergétique des lycées : programme pluriannuel 2027-2031",
        "Lycées",
        Decimal("128000000"),
        ["Lycées", "Énergie"],
        SECTIONS,
        [],
    ),
    (
        "Lycée Faidherbe (Lille) : restructuration de la demi-pension",
        "Lycées",
        Decimal("7850000"),
        ["Lycées"],
        ["59"],
        [],
    ),
    (
        "Plan régional de prévention et de gestion des déchets : bilan 2025",
        "Environnement",
        None,
        ["Biodiversité"],
        SECTIONS,
        [],
    ),
    (
        "Parc naturel régional de l’Avesnois : participation statutaire 2027",
        "Environnement",
        Decimal("1420000"),
        ["Biodiversité", "Tourisme"],
        ["59", "02"],
        ["Syndicat mixte du Parc naturel régional de l’Avesnois"],
    ),
    (
        "Stratégie régionale pour la biodiversité : plan d’action 2027-2030",
        "Environnement",
        Decimal("9500000"),
        ["Biodiversité", "Eau"],
        SECTIONS,
        [],
    ),
    (
        "Politique de l’eau : soutien aux syndicats de rivière du bassin de la Somme",
        "Environnement",
        Decimal("1150000"),
        ["Eau"],
        ["80", "60"],
        ["Syndicat mixte AMEVA"],
    ),
    (
        "Soutien aux filières agricoles biologiques et aux circuits courts",
        "Agriculture",
        Decimal("4200000"),
        ["Agriculture"],
        SECTIONS,
        ["Chambre régionale d’agriculture des Hauts-de-France"],
    ),
    (
        "Schéma régional de développement économique (SRDEII) : révision à mi-parcours",
        "Économie",
        None,
        ["Économie", "Emploi"],
        SECTIONS,
        [],
    ),
    (
        "Programme régional de formation professionnelle 2027",
        "Économie",
        Decimal("215000000"),
        ["Formation", "Emploi"],
        SECTIONS,
        [],
    ),
    (
        "Aides aux centres de formation d’apprentis : modulation 2027",
        "Lycées",
        Decimal("31000000"),
        ["Formation", "Jeunesse"],
        SECTIONS,
        [],
    ),
    (
        "Canal Seine-Nord Europe : participation régionale, échéancier 2027",
        "Aménagement",
        Decimal("73000000"),
        ["Transports", "Économie"],
        ["60", "62", "59"],
        ["Société du Canal Seine-Nord Europe"],
    ),
    (
        "Maisons de santé pluriprofessionnelles : appel à projets 2027",
        "Aménagement",
        Decimal("3600000"),
        ["Santé"],
        ["02", "80", "60"],
        [],
    ),
    (
        "Logement des jeunes en formation : soutien aux foyers de jeunes travailleurs",
        "Aménagement",
        Decimal("2750000"),
        ["Logement", "Jeunesse"],
        SECTIONS,
        ["Union régionale pour l’habitat des jeunes"],
    ),
    (
        "Soutien aux festivals et aux lieux de musiques actuelles",
        "Culture",
        Decimal("5100000"),
        ["Culture"],
        SECTIONS,
        [],
    ),
    (
        "Fonds régional d’accompagnement des clubs sportifs amateurs",
        "Culture",
        Decimal("2400000"),
        ["Sport", "Jeunesse"],
        SECTIONS,
        [],
    ),
    (
        "Port de Calais : participation au programme d’investissement",
        "Aménagement",
        Decimal("12500000"),
        ["Économie", "Transports"],
        ["62"],
        ["Société d’exploitation des ports du Détroit"],
    ),
    (
        "Numérique : très haut débit dans les zones rurales de l’Aisne",
        "Aménagement",
        Decimal("8200000"),
        ["Numérique"],
        ["02"],
        [],
    ),
    (
        "Fonds européens : programme FEDER-FSE+ 2021-2027, révision",
        "Finances",
        None,
        ["Europe", "Budget"],
        SECTIONS,
        [],
    ),
    (
        "Rapport d’orientation sur la politique énergétique régionale",
        "Environnement",
        None,
        ["Énergie"],
        SECTIONS,
        [],
    ),
]

CP_SUBJECTS = [
    ("Subventions aux associations d’éducation populaire", "Culture", ["Jeunesse"]),
    ("Aides à l’investissement des entreprises agroalimentaires", "Agriculture", ["Agriculture"]),
    ("Équipement numérique des lycées", "Lycées", ["Lycées", "Numérique"]),
    ("Travaux de voirie d’accès aux gares", "Transports", ["Transports"]),
    ("Soutien aux manifestations sportives", "Culture", ["Sport"]),
    ("Restauration de cours d’eau", "Environnement", ["Eau", "Biodiversité"]),
    ("Aides à la création d’entreprise", "Économie", ["Économie"]),
    ("Rénovation de logements sociaux", "Aménagement", ["Logement", "Énergie"]),
    ("Formations qualifiantes aux métiers du soin", "Économie", ["Formation", "Santé"]),
    ("Animation touristique des territoires", "Culture", ["Tourisme"]),
]
CP_PLACES = ["Aisne", "Nord", "Oise", "Pas-de-Calais", "Somme"]

NOTES = [
    "Enjeux : le rapport engage {amount} sans évaluation de l’exercice précédent. "
    "Le groupe avait demandé en commission un bilan des bénéficiaires par département.\n\n"
    "Points d’attention : répartition territoriale défavorable à l’Aisne ; critères "
    "environnementaux absents du règlement d’intervention.\n\n"
    "Proposition : abstention, avec un amendement pour conditionner les aides à des "
    "critères sociaux et écologiques.",
    "Enjeux : mesure attendue par les usager·es, que le groupe défend depuis 2022. "
    "Le montant reste inférieur aux besoins identifiés par les associations.\n\n"
    "Proposition : vote pour, explication de vote soulignant l’insuffisance des moyens.",
    "Enjeux : le texte reprend une partie de notre vœu de juin ; il manque toutefois un "
    "calendrier et des indicateurs de suivi.\n\n"
    "Proposition : vote pour, sous réserve de l’adoption de notre amendement sur le suivi.",
]

EXPLANATIONS = {
    VoteLine.Position.POUR: "Le groupe votera pour ce rapport, qui va dans le sens de la "
    "transition écologique et sociale que nous portons, tout en restant vigilant sur sa mise "
    "en œuvre dans chaque département.",
    VoteLine.Position.CONTRE: "Le groupe votera contre : ce rapport tourne le dos aux "
    "engagements climatiques de la Région et n’apporte aucune garantie sociale.",
    VoteLine.Position.ABSTENTION: "Le groupe s’abstiendra : l’intention est juste, mais les "
    "moyens et les critères d’attribution ne sont pas à la hauteur.",
}
