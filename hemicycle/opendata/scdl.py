"""The council's adopted délibérations as an SCDL « Délibérations » 2.1.5 CSV file.

Columns, order, types and patterns are those of the official Table Schema, shipped in
hemicycle/opendata/schemas/scdl-deliberations-2.1.5/schema.json. The rules the schema
states as `custom_checks` (checked by the national validator, Validata, not by a plain
Table Schema validator) are checked here by `problems()`: the SIRET's checksum, vote
counts that add up (VOTE_REEL = POUR + CONTRE + ABSTENTION ≤ VOTE_EFFECTIF) and are all
given or all left empty, a matière name matching its ACTES code. The file is UTF-8
without BOM, comma-separated, one line per délibération, as the SCDL asks.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from hemicycle.opendata import selectors
from hemicycle.opendata.models import OpenDataSettings, siret_is_valid
from hemicycle.opendata.oparl.layout import Layout, base_url
from hemicycle.sittings.models import Report
from hemicycle.votes.models import VoteEvent

SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schemas" / "scdl-deliberations-2.1.5" / "schema.json"
)


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def columns() -> list[str]:
    return [column["name"] for column in schema()["fields"]]


# ACTES nomenclature (level 1 / level 2), written as the SCDL asks: lower case with
# accents, no comma or parenthesis, the two levels separated by a slash.
MATIERES: dict[str, str] = {
    "5.2": "institutions et vie politique/fonctionnement des assemblées",
    "5.3": "institutions et vie politique/désignation de représentants",
    "7.1": "finances locales/décisions budgétaires",
    "7.5": "finances locales/subventions",
    "8.1": "domaines de compétences par thèmes/enseignement",
    "8.4": "domaines de compétences par thèmes/aménagement du territoire",
    "8.5": "domaines de compétences par thèmes/politique de la ville-habitat-logement",
    "8.6": "domaines de compétences par thèmes/emploi-formation professionnelle",
    "8.7": "domaines de compétences par thèmes/transports",
    "8.8": "domaines de compétences par thèmes/environnement",
    "8.9": "domaines de compétences par thèmes/culture",
    "9.3": "autres domaines de compétences/autres domaines de compétences des régions",
}
DEFAULT_MATIERE = "9.3"
# Word starts in a rapport's themes (then its title, accents removed) → ACTES code; the
# first match wins.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("budget", "7.1"),
    ("designation", "5.3"),
    ("reglement interieur", "5.2"),
    ("transport", "8.7"),
    ("mobilit", "8.7"),
    (r"ter\b", "8.7"),
    ("velo", "8.7"),
    ("lycee", "8.1"),
    ("education", "8.1"),
    ("enseignement", "8.1"),
    ("apprentissage", "8.6"),
    ("formation", "8.6"),
    ("emploi", "8.6"),
    ("energie", "8.8"),
    ("biodiversite", "8.8"),
    ("environnement", "8.8"),
    ("dechets", "8.8"),
    (r"eaux?\b", "8.8"),
    ("climat", "8.8"),
    ("culture", "8.9"),
    ("patrimoine", "8.9"),
    ("logement", "8.5"),
    ("amenagement", "8.4"),
    ("territoire", "8.4"),
    ("subvention", "7.5"),
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matiere(report: Report) -> str:
    """The ACTES code of a rapport, from its themes first, then its title."""
    for text in [theme.name for theme in report.themes.all()] + [report.title]:
        plain = _plain(text)
        for word, code in KEYWORDS:
            if re.search(rf"\b{word}", plain):
                return code
    return DEFAULT_MATIERE


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line}, colonne {self.column} : {self.message}"


def _vote_columns(report: Report, vote: VoteEvent | None) -> dict[str, str]:
    empty = dict.fromkeys(
        ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"), ""
    )
    if vote is None:
        return empty
    results = list(vote.group_results.all())
    if not results:
        return empty
    pour = sum(r.pour for r in results)
    contre = sum(r.contre for r in results)
    abstention = sum(r.abstention for r in results)
    reel = pour + contre + abstention
    effectif = report.sitting.body.members_count
    if reel > effectif:
        # Figures that contradict the instance's size are not published as if true.
        return empty
    return {
        "VOTE_EFFECTIF": str(effectif),
        "VOTE_REEL": str(reel),
        "VOTE_POUR": str(pour),
        "VOTE_CONTRE": str(contre),
        "VOTE_ABSTENTION": str(abstention),
    }


def is_deliberation(report: Report) -> bool:
    """Adopted: its scrutin says so, or (no result recorded) it carries a délibération number."""
    vote = selectors.report_vote(report)
    if vote is not None and vote.result:
        return vote.result == VoteEvent.Result.ADOPTED
    return bool(report.deliberation_number)


def rows(opendata: OpenDataSettings | None = None) -> list[dict[str, str]]:
    opendata = opendata or selectors.current_settings()
    if not opendata.publish_sittings:
        return []
    layout = Layout(base_url(opendata))
    result = []
    for report in selectors.published_reports():
        if not is_deliberation(report):
            continue
        code = matiere(report)
        url = ""
        if opendata.publish_documents:
            documents = [d for d in selectors.latest_documents(report) if d.file]
            if documents:
                url = layout.url(layout.file_content(documents[0].pk, documents[0].original_name))
        row = {
            "COLL_NOM": opendata.collectivity_name,
            "COLL_SIRET": opendata.collectivity_siret,
            "DELIB_ID": report.deliberation_number or report.number,
            "DELIB_DATE": timezone.localtime(report.sitting.starts_at).date().isoformat(),
            "DELIB_MATIERE_CODE": code,
            "DELIB_MATIERE_NOM": MATIERES[code],
            "DELIB_OBJET": " ".join(report.title.split()),
            # The budget year and name, and the prefecture's registration, are not known
            # to the group: left empty rather than guessed (all three are optional).
            "BUDGET_ANNEE": "",
            "BUDGET_NOM": "",
            "PREF_ID": "",
            "PREF_DATE": "",
            **_vote_columns(report, selectors.report_vote(report)),
            "DELIB_URL": url,
        }
        result.append({name: row[name] for name in columns()})
    return result


def problems(table: list[dict[str, str]]) -> list[Problem]:
    """The SCDL's custom checks (line numbers count the header as line 1)."""
    found = []
    votes = ("VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
    for line, row in enumerate(table, start=2):
        if not siret_is_valid(row["COLL_SIRET"]):
            found.append(Problem(line, "COLL_SIRET", "SIRET invalide (clé de contrôle)"))
        if MATIERES.get(row["DELIB_MATIERE_CODE"]) != row["DELIB_MATIERE_NOM"]:
            found.append(
                Problem(line, "DELIB_MATIERE_NOM", "le nom ne correspond pas au code ACTES")
            )
        if bool(row["BUDGET_ANNEE"]) != bool(row["BUDGET_NOM"]):
            found.append(Problem(line, "BUDGET_NOM", "année et nom du budget vont ensemble"))
        filled = [bool(row[name]) for name in ("VOTE_EFFECTIF", *votes)]
        if any(filled) and not all(filled):
            found.append(Problem(line, "VOTE_EFFECTIF", "décompte des votes incomplet"))
        elif all(filled):
            effectif, reel, pour, contre, abstention = (
                int(row[name]) for name in ("VOTE_EFFECTIF", *votes)
            )
            if reel != pour + contre + abstention:
                found.append(Problem(line, "VOTE_REEL", "POUR + CONTRE + ABSTENTION ≠ REEL"))
            if effectif < reel:
                found.append(Problem(line, "VOTE_EFFECTIF", "moins d’élu·es que de votants"))
        if row["PREF_DATE"] and row["PREF_DATE"] < row["DELIB_DATE"]:
            found.append(Problem(line, "PREF_DATE", "date de transmission avant la délibération"))
    return found


def csv_text(table: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()
