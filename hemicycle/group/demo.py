"""Demo content of the group area: the group, its parties, councillors and staff."""

from __future__ import annotations

import unicodedata
from typing import Any

from hemicycle.demo import people
from hemicycle.group import services
from hemicycle.group.models import Group

PARTIES = [
    ("Les Écologistes – EELV", "EELV", "#2e7d32"),
    ("Génération.s", "Génération.s", "#ad1457"),
    ("La France insoumise", "LFI", "#c62828"),
]


def email_for(first: str, last: str) -> str:
    ascii_name = (
        unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
    )
    return f"{ascii_name.replace(' ', '-').replace(chr(39), '')}@groupe-ges.test"


def seed(*, term: Any, acting_user: Any) -> dict[str, Any]:
    group = Group.objects.create(
        name="Groupe Écologiste et Solidaire",
        short_name="GES",
        term=term,
        is_opposition=True,
        declared_on=people.MANDATE_START,
        address="Hôtel de Région\n151 avenue du Président Hoover\n59555 Lille Cedex",
        email="contact@groupe-ges.test",
        phone="03 53 73 00 00",
    )
    parties = {
        short: services.create_party(
            data={"name": name, "short_name": short, "colour": colour}, acting_user=acting_user
        )
        for name, short, colour in PARTIES
    }
    councillors = []
    for i, (civ, first, last, _sex, _birth, section, commune, party, role, _c, _p) in enumerate(
        people.COUNCILLORS
    ):
        councillors.append(
            services.create_councillor(
                data={
                    "civility": civ,
                    "first_name": first,
                    "last_name": last,
                    "party": parties[party] if party else None,
                    "affiliation": "member" if party else "apparente",
                    "section": section,
                    "commune": commune,
                    "email": email_for(first, last),
                    # ARCEP reserves 06 39 98 xx xx and 03 53 73 xx xx for fiction.
                    "phone": f"06 39 98 {10 + i:02d} {20 + i:02d}",
                    "mandate_start": people.MANDATE_START,
                    "bureau_role": role,
                },
                acting_user=acting_user,
            )
        )
    staff: list[Any] = []
    for civ, first, last, job, place, contracts in people.STAFF:
        member = services.create_staff_member(
            data={
                "civility": civ,
                "first_name": first,
                "last_name": last,
                "job_title": job,
                "workplace": place,
                "email": email_for(first, last),
                "phone": f"03 53 73 00 {10 + len(staff):02d}",
            },
            acting_user=acting_user,
        )
        for start, end in contracts:
            services.add_contract(
                member=member,
                data={"starts_on": start, "ends_on": end, "label": "CDD collaborateur de groupe"},
                acting_user=acting_user,
            )
        staff.append(member)
    return {"group": group, "parties": parties, "councillors": councillors, "staff": staff}
