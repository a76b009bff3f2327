"""The fictional people of the demo group.

Every name here is invented; none designates a real person. The composition matches the
real group (7 EELV, 1 Génération.s, 5 LFI, 1 apparenté·e, over the five départements).
The same people appear in the demo RNE file, so that the roster links to them.
"""

from __future__ import annotations

import datetime as dt

MANDATE_START = dt.date(2021, 7, 2)
MANDATE_END = dt.date(2028, 3, 31)

# (civility, first name, last name, sex, birth date, section, commune, party short name
#  or "" for apparenté·e, bureau role, profession code, profession)
COUNCILLORS = [
    ("Mme", "Claire", "Vasseur", "F", dt.date(1974, 3, 12), "59", "Lille", "EELV", "president", "34", "Professeurs, professions scientifiques"),
    ("M.", "Karim", "Benhaddou", "M", dt.date(1981, 11, 4), "62", "Arras", "LFI", "co_president", "46", "Professions intermédiaires administratives et commerciales des entreprises"),
    ("Mme", "Sophie", "Delattre", "F", dt.date(1968, 6, 23), "80", "Amiens", "EELV", "vice_president", "33", "Cadres de la fonction publique"),
    ("M.", "Julien", "Caron", "M", dt.date(1986, 1, 30), "60", "Beauvais", "LFI", "treasurer", "37", "Cadres administratifs et commerciaux d'entreprise"),
    ("Mme", "Nadia", "Lefebvre", "F", dt.date(1979, 9, 17), "02", "Saint-Quentin", "EELV", "member", "42", "Professeurs des écoles, instituteurs et assimilés"),
    ("M.", "Thomas", "Dewaele", "M", dt.date(1990, 5, 8), "59", "Roubaix", "Génération.s", "", "38", "Ingénieurs et cadres techniques d'entreprise"),
    ("Mme", "Élise", "Fournier", "F", dt.date(1983, 12, 2), "59", "Dunkerque", "EELV", "", "43", "Professions intermédiaires de la santé et du travail social"),
    ("M.", "Bastien", "Lemaire", "M", dt.date(1972, 4, 19), "62", "Boulogne-sur-Mer", "EELV", "", "11", "Agriculteurs sur petite exploitation"),
    ("Mme", "Inès", "Haddad", "F", dt.date(1995, 7, 26), "59", "Villeneuve-d'Ascq", "LFI", "", "84", "Élèves, étudiants"),
    ("M.", "François", "Delcourt", "M", dt.date(1961, 2, 14), "80", "Abbeville", "EELV", "", "74", "Anciens cadres"),
    ("Mme", "Marion", "Leroy", "F", dt.date(1977, 10, 9), "62", "Lens", "LFI", "", "54", "Employés administratifs d'entreprise"),
    ("M.", "Yanis", "Boulanger", "M", dt.date(1988, 8, 21), "60", "Compiègne", "LFI", "", "35", "Professions de l'information, des arts et des spectacles"),
    ("Mme", "Camille", "Duhamel", "F", dt.date(1984, 3, 3), "02", "Laon", "EELV", "", "23", "Chefs d'entreprise de 10 salariés ou plus"),
    ("M.", "Pierre", "Vandamme", "M", dt.date(1966, 12, 28), "59", "Valenciennes", "", "", "31", "Professions libérales"),
]

# (civility, first name, last name, job title, workplace, contracts as (start, end))
STAFF = [
    ("Mme", "Lucie", "Marchand", "Secrétaire générale", "Lille",
     [(dt.date(2021, 9, 1), dt.date(2024, 8, 31)), (dt.date(2024, 9, 1), dt.date(2027, 8, 31))]),
    ("M.", "Hugo", "Devos", "Chargé de mission finances et commande publique", "Lille",
     [(dt.date(2021, 10, 1), dt.date(2024, 9, 30)), (dt.date(2024, 10, 1), dt.date(2027, 1, 15))]),
    ("Mme", "Amandine", "Petit", "Chargée de communication et relations presse", "Lille",
     [(dt.date(2022, 1, 3), dt.date(2025, 1, 2)), (dt.date(2025, 1, 3), dt.date(2028, 1, 2))]),
    ("M.", "Mehdi", "Saïdi", "Chargé de mission transports et aménagement", "Amiens",
     [(dt.date(2023, 2, 1), dt.date(2026, 1, 31)), (dt.date(2026, 2, 1), dt.date(2027, 1, 10))]),
    ("Mme", "Océane", "Bertin", "Assistante de groupe", "Amiens",
     [(dt.date(2025, 3, 1), dt.date(2026, 12, 31))]),
]

PASSWORD = "hemicycle-demo"  # noqa: S105  (demo only, printed by make demo)
