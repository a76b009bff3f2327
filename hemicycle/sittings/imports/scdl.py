"""SCDL « Délibérations » 2.1.5 (OpenDataFrance), the national open-data format.

Field names, types and constraints follow `schema.json` of version 2.1.5 exactly, with its
custom checks: SIRET checksum (Luhn, and La Poste's rule), BUDGET_ANNEE interval, cohesive
BUDGET_ANNEE/BUDGET_NOM and VOTE_* columns, PREF_DATE ≥ DELIB_DATE, the vote counts'
order and sum. Not checked: DELIB_MATIERE_NOM against the ACTES nomenclature (a
collectivité may use its own list). The schema has no amount column: rapports imported
from SCDL have no amount.

Mapping: DELIB_ID → number and n° de délibération; DELIB_OBJET → title; DELIB_MATIERE_NOM
→ theme; the date, matière code, prefecture transmission, votes and URL go to the summary.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from hemicycle.sittings.imports.base import (
    MAX_NUMBER,
    MAX_REPORTED_ERRORS,
    MAX_ROWS,
    MAX_THEME,
    MAX_TITLE,
    AgendaImportError,
    ImportIssue,
    ReportRow,
    check_duplicates,
    decode,
    read_records,
    sniff_delimiter,
    too_long,
)

FIELDS: tuple[str, ...] = (
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
)
REQUIRED = FIELDS[:7]
DATES = ("DELIB_DATE", "PREF_DATE")
VOTES = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
PATTERNS = {
    "COLL_SIRET": (re.compile(r"\d{14}", re.ASCII), "14 chiffres sans espace"),
    "DELIB_MATIERE_CODE": (re.compile(r"\d\.\d{1,2}", re.ASCII), "de la forme « 7.5 »"),
    "BUDGET_ANNEE": (re.compile(r"[0-9]{4}(/[0-9]{4})?", re.ASCII), "AAAA ou AAAA/AAAA"),
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
# La Poste's establishments share one SIREN and a checksum on the digits' sum.
LA_POSTE_SIREN = "356000000"


def is_scdl_header(first_line: str) -> bool:
    """Whether a CSV's first line is an SCDL délibérations header."""
    return "DELIB_ID" in first_line or "COLL_NOM" in first_line


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_ok(siret: str) -> bool:
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00013":
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret)


def _date(value: str) -> dt.date:
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def _summary(value: dict[str, str]) -> str:
    parts = []
    if value.get("DELIB_DATE"):
        parts.append(f"Délibération du {value['DELIB_DATE']} ({value['COLL_NOM']}).")
    parts.append(f"Matière {value['DELIB_MATIERE_CODE']} — {value['DELIB_MATIERE_NOM']}.")
    if value.get("PREF_DATE"):
        parts.append(f"Transmise au contrôle de légalité le {value['PREF_DATE']}.")
    if value.get("VOTE_POUR"):
        parts.append(
            f"Vote : {value['VOTE_POUR']} pour, {value['VOTE_CONTRE']} contre, "
            f"{value['VOTE_ABSTENTION']} abstention(s)."
        )
    if value.get("DELIB_URL"):
        parts.append(value["DELIB_URL"])
    return " ".join(parts)


def _check_row(line: int, value: dict[str, str], issue) -> None:
    for name in REQUIRED:
        if not value.get(name):
            issue(line, name, "Champ obligatoire vide.")
    for name, (pattern, hint) in PATTERNS.items():
        if value.get(name) and not pattern.fullmatch(value[name]):
            issue(line, name, f"Valeur « {value[name][:40]} » invalide : attendu {hint}.")
    siret = value.get("COLL_SIRET", "")
    if PATTERNS["COLL_SIRET"][0].fullmatch(siret) and not siret_ok(siret):
        issue(line, "COLL_SIRET", f"Le SIRET « {siret} » n’est pas valide (clé de contrôle).")
    years = value.get("BUDGET_ANNEE", "")
    if PATTERNS["BUDGET_ANNEE"][0].fullmatch(years) and "/" in years:
        first, last = years.split("/")
        if int(last) <= int(first):
            issue(line, "BUDGET_ANNEE", "La seconde année doit suivre la première.")
    if bool(value.get("BUDGET_ANNEE")) != bool(value.get("BUDGET_NOM")):
        issue(line, "BUDGET_NOM", "BUDGET_ANNEE et BUDGET_NOM se renseignent ensemble.")
    dates: dict[str, dt.date] = {}
    for name in DATES:
        if value.get(name):
            try:
                dates[name] = _date(value[name])
            except ValueError:
                issue(
                    line,
                    name,
                    f"Date « {value[name][:20]} » invalide : attendu AAAA-MM-JJ.",
                )
    if len(dates) == 2 and dates["PREF_DATE"] < dates["DELIB_DATE"]:
        issue(line, "PREF_DATE", "La transmission en préfecture précède la délibération.")
    votes: dict[str, int] = {}
    for name in VOTES:
        if value.get(name):
            if _INTEGER.fullmatch(value[name]) and int(value[name]) >= 0:
                votes[name] = int(value[name])
            else:
                issue(line, name, f"« {value[name][:20]} » n’est pas un nombre entier positif.")
    filled = [name for name in VOTES if value.get(name)]
    if filled and len(filled) != len(VOTES):
        missing = ", ".join(name for name in VOTES if name not in filled)
        issue(line, filled[0], f"Les colonnes de vote se renseignent ensemble : manque {missing}.")
    elif len(votes) == len(VOTES):
        if votes["VOTE_EFFECTIF"] < votes["VOTE_REEL"]:
            issue(line, "VOTE_REEL", "Plus de votant·es que d’élu·es (VOTE_EFFECTIF).")
        for name in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"):
            if votes[name] > votes["VOTE_REEL"]:
                issue(line, name, "Plus de voix que de votant·es (VOTE_REEL).")
        cast = votes["VOTE_POUR"] + votes["VOTE_CONTRE"] + votes["VOTE_ABSTENTION"]
        if cast != votes["VOTE_REEL"]:
            issue(
                line,
                "VOTE_REEL",
                f"Pour, contre et abstentions font {cast}, pas VOTE_REEL = {votes['VOTE_REEL']}.",
            )
    url = value.get("DELIB_URL", "")
    if url:
        parts = urlsplit(url) if " " not in url else None
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            issue(line, "DELIB_URL", f"Adresse « {url[:60]} » invalide : attendu http(s)://…")
    for name, limit in (("DELIB_ID", MAX_NUMBER), ("DELIB_OBJET", MAX_TITLE)):
        if message := too_long(value.get(name, ""), limit):
            issue(line, name, message)
    if message := too_long(value.get("DELIB_MATIERE_NOM", ""), MAX_THEME):
        issue(line, "DELIB_MATIERE_NOM", message)


def parse(content: bytes, file_name: str = "") -> list[ReportRow]:
    """The délibérations of an SCDL file as rapports; AgendaImportError when any is bad."""
    text = decode(content, file_name)
    delimiter = sniff_delimiter(text, file_name, accepted=",;")
    header, records = read_records(text, delimiter, file_name)
    names = [cell.strip() for cell in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise AgendaImportError(
            [
                ImportIssue(
                    1,
                    "",
                    "Colonnes obligatoires du format SCDL manquantes : "
                    + ", ".join(f"« {name} »" for name in missing)
                    + " (les noms s’écrivent en majuscules, comme dans le schéma 2.1.5).",
                    file_name,
                )
            ]
        )
    positions = {name: names.index(name) for name in FIELDS if name in names}
    rows: list[ReportRow] = []
    issues: list[ImportIssue] = []

    def issue(line: int, name: str, message: str) -> None:
        issues.append(ImportIssue(line, name, message, file_name))

    for line, cells in records:
        if len(rows) >= MAX_ROWS:
            raise AgendaImportError(
                [ImportIssue(line, "", f"Plus de {MAX_ROWS} lignes : fichier refusé.", file_name)]
            )
        if len(cells) != len(header):
            issue(
                line,
                "",
                f"Cette ligne a {len(cells)} colonnes, l’en-tête en a {len(header)}.",
            )
            continue
        value = {name: cells[index].strip() for name, index in positions.items()}
        before = len(issues)
        _check_row(line, value, issue)
        if len(issues) >= MAX_REPORTED_ERRORS:
            break
        if len(issues) > before:
            continue
        rows.append(
            ReportRow(
                line=line,
                number=value["DELIB_ID"],
                title=" ".join(value["DELIB_OBJET"].split()),
                themes=(value["DELIB_MATIERE_NOM"],),
                summary=_summary(value),
                deliberation_number=value["DELIB_ID"],
                file=file_name,
            )
        )
    issues.extend(check_duplicates(rows, "DELIB_ID"))
    if issues:
        raise AgendaImportError(sorted(issues, key=lambda i: i.line))
    if not rows:
        raise AgendaImportError(
            [
                ImportIssue(
                    0,
                    "",
                    "Le fichier ne contient aucune délibération : seulement l’en-tête.",
                    file_name,
                )
            ]
        )
    return rows
