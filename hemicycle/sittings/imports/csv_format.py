"""The group's own agenda template: one rapport per line, documented columns.

Separator `;` (what French spreadsheets write) or `,`; UTF-8 with or without BOM. Lists
inside a cell are separated by `|`. Column names are read without regard to case or
accents ("Numéro" is "numero"). Every bad line is reported, and the file is refused whole.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from hemicycle.group.models import Section
from hemicycle.sittings.imports.base import (
    MAX_NUMBER,
    MAX_ORGANISATION,
    MAX_RAPPORTEUR,
    MAX_REPORTED_ERRORS,
    MAX_ROWS,
    MAX_THEME,
    MAX_TITLE,
    AgendaImportError,
    ImportIssue,
    ReportRow,
    check_duplicates,
    decode,
    normalise,
    read_records,
    sniff_delimiter,
    too_long,
)

# (column, what it holds) in the template's order; the help page and the template file
# are built from this list.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("numero", "Numéro du rapport, unique dans la séance (obligatoire)."),
    ("titre", "Intitulé du rapport (obligatoire)."),
    ("commissions", "Commission(s) saisie(s), par nom ou nom court, séparées par « | »."),
    ("rapporteur", "Rapporteur·rice."),
    ("montant", "Montant en euros : « 1 234 567,89 » ou « 1234567.89 »."),
    ("themes", "Thèmes séparés par « | » ; un thème inconnu est créé."),
    ("departements", "Départements concernés, par code ou nom : « 59|62 » ou « Nord|Somme »."),
    ("beneficiaires", "Organismes bénéficiaires séparés par « | » ; créés s’ils manquent."),
    ("resume", "Résumé libre."),
)
REQUIRED = ("numero", "titre")
NAMES = tuple(name for name, _ in COLUMNS)
LIST_SEPARATOR = "|"

_DEPARTMENTS = {
    **{normalise(code): code for code in Section.values},
    **{normalise(code.lstrip("0")): code for code in Section.values},
    **{normalise(label): code for code, label in Section.choices},
}
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?", re.ASCII)


def template_content() -> str:
    """The downloadable template: header and two example lines."""
    return (
        ";".join(NAMES)
        + "\r\n"
        + "2026-0142;Soutien régional aux cantines bio des lycées;Lycées|Agriculture;"
        "Mme Dupont;1 250 000,00;Alimentation|Éducation;59|62;Association Bio en Hauts-de-France;"
        "Aide au passage à 50 % de produits bio.\r\n"
        + "2026-0143;Plan vélo régional;Mobilités;M. Martin;350000;Mobilités;Somme;;\r\n"
    )


def parse_amount(value: str) -> Decimal:
    """'1 234 567,89', '1234567.89', '1 234 567 €' → Decimal; ValueError otherwise."""
    value = _SPACES.sub("", value.replace("€", "")).strip()
    if "," in value and "." in value:
        # The last separator is the decimal one: "1.234.567,89" or "1,234,567.89".
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal_sep == "," else ",", "")
    if value.count(",") + value.count(".") > 1 or not _AMOUNT.fullmatch(value):
        raise ValueError(value)
    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(value)
    if amount >= Decimal(10) ** 12:
        raise ValueError(value)
    return amount


def split_list(value: str) -> tuple[str, ...]:
    items: list[str] = []
    for item in value.split(LIST_SEPARATOR):
        item = " ".join(item.split())
        if item and item.casefold() not in {i.casefold() for i in items}:
            items.append(item)
    return tuple(items)


def _read_header(header: list[str], file_name: str) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown = []
    for index, label in enumerate(header):
        key = normalise(label).replace(" ", "")
        if key in NAMES and key not in positions:
            positions[key] = index
        elif label.strip():
            unknown.append(label.strip())
    issues = []
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        issues.append(
            ImportIssue(
                1,
                "",
                "Colonnes obligatoires manquantes dans l’en-tête : "
                + ", ".join(f"« {name} »" for name in missing)
                + ". Partez du modèle téléchargeable : sa première ligne donne les noms "
                "des colonnes.",
                file_name,
            )
        )
    if unknown:
        issues.append(
            ImportIssue(
                1,
                "",
                "Colonnes inconnues : "
                + ", ".join(f"« {name} »" for name in unknown[:10])
                + ". Les colonnes possibles sont : "
                + ", ".join(NAMES)
                + ".",
                file_name,
            )
        )
    if issues:
        raise AgendaImportError(issues)
    return positions


def _departments(value: str) -> tuple[tuple[str, ...], list[str]]:
    codes: list[str] = []
    unknown = []
    for item in split_list(value):
        code = _DEPARTMENTS.get(normalise(item))
        if code is None:
            unknown.append(item)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), unknown


def parse(content: bytes, file_name: str = "") -> list[ReportRow]:
    """The rapports of a template CSV, in file order; AgendaImportError when any is bad."""
    text = decode(content, file_name)
    delimiter = sniff_delimiter(text, file_name)
    header, records = read_records(text, delimiter, file_name)
    positions = _read_header(header, file_name)
    rows: list[ReportRow] = []
    issues: list[ImportIssue] = []

    def issue(line: int, name: str, message: str) -> None:
        issues.append(ImportIssue(line, name, message, file_name))

    for line, cells in records:
        if len(rows) >= MAX_ROWS:
            raise AgendaImportError(
                [ImportIssue(line, "", f"Plus de {MAX_ROWS} rapports : fichier refusé.", file_name)]
            )
        if len(cells) > len(header):
            issue(
                line,
                "",
                f"Cette ligne a {len(cells)} colonnes, l’en-tête en a {len(header)} : "
                f"un « {delimiter} » de trop, ou un texte à mettre entre guillemets ?",
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        value = {name: cells[index].strip() for name, index in positions.items()}
        get = lambda name, v=value: v.get(name, "")  # noqa: E731
        before = len(issues)

        number, title = " ".join(get("numero").split()), " ".join(get("titre").split())
        if not number:
            issue(line, "numero", "Le numéro du rapport est vide.")
        elif message := too_long(number, MAX_NUMBER):
            issue(line, "numero", message)
        if not title:
            issue(line, "titre", "L’intitulé du rapport est vide.")
        elif message := too_long(title, MAX_TITLE):
            issue(line, "titre", message)
        rapporteur = get("rapporteur")
        if message := too_long(rapporteur, MAX_RAPPORTEUR):
            issue(line, "rapporteur", message)
        amount = None
        if get("montant"):
            try:
                amount = parse_amount(get("montant"))
            except ValueError:
                issue(
                    line,
                    "montant",
                    f"Montant illisible « {get('montant')[:40]} » : écrivez un nombre positif "
                    "d’au plus deux décimales, par exemple « 1 234 567,89 ».",
                )
        departments, unknown = _departments(get("departements"))
        for item in unknown:
            issue(
                line,
                "departements",
                f"Département inconnu « {item[:40]} » : indiquez 02, 59, 60, 62 ou 80, "
                "ou le nom du département (Aisne, Nord, Oise, Pas-de-Calais, Somme).",
            )
        themes = split_list(get("themes"))
        for theme in themes:
            if message := too_long(theme, MAX_THEME):
                issue(line, "themes", message)
        beneficiaries = split_list(get("beneficiaires"))
        for name in beneficiaries:
            if message := too_long(name, MAX_ORGANISATION):
                issue(line, "beneficiaires", message)
        if len(issues) >= MAX_REPORTED_ERRORS:
            break
        if len(issues) > before:
            continue
        rows.append(
            ReportRow(
                line=line,
                number=number,
                title=title,
                commissions=split_list(get("commissions")),
                rapporteur=rapporteur,
                amount=amount,
                themes=themes,
                departments=departments,
                beneficiaries=beneficiaries,
                summary=get("resume"),
                file=file_name,
            )
        )
    issues.extend(check_duplicates(rows, "numero"))
    if issues:
        raise AgendaImportError(sorted(issues, key=lambda i: i.line))
    if not rows:
        raise AgendaImportError(
            [
                ImportIssue(
                    0, "", "Le fichier ne contient aucun rapport : seulement l’en-tête.", file_name
                )
            ]
        )
    return rows
