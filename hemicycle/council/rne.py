"""Parser of the national register of elected officials (RNE), regional councillors file.

Pure functions, no database: the import service decides what the rows mean for the roster.
Every published variant of the file is accepted (BOM or not, CRLF or LF, quoted or not,
dates as DD/MM/YYYY or ISO, codes with or without leading zeros). Any bad row makes the
whole file refused, with every problem listed by line and column, so that nothing is ever
half-imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# The RNE's own column labels, in the file's order; errors name the column as the user
# sees it in a spreadsheet.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("region_code", "Code de la région"),
    ("region_name", "Libellé de la région"),
    ("section", "Code de la section départementale"),
    ("section_name", "Libellé de la section départementale"),
    ("last_name", "Nom de l’élu"),
    ("first_name", "Prénom de l’élu"),
    ("sex", "Code sexe"),
    ("birth_date", "Date de naissance"),
    ("profession_code", "Code de la catégorie socio-professionnelle"),
    ("profession", "Libellé de la catégorie socio-professionnelle"),
    ("mandate_start", "Date de début du mandat"),
    ("function", "Libellé de la fonction"),
    ("function_start", "Date de début de la fonction"),
)
LABELS = dict(COLUMNS)
# The header line as the register publishes it (straight apostrophes).
FILE_HEADER: tuple[str, ...] = tuple(label.replace("’", "'") for _, label in COLUMNS)

# Sections of the regions whose electoral sections the application knows.
REGION_SECTIONS: dict[str, tuple[str, ...]] = {"32": ("02", "59", "60", "62", "80")}

# Same limits as RosterMember's columns: a longer value is a bad row, not a crash.
MAX_LENGTHS = {
    "last_name": 100,
    "first_name": 100,
    "profession_code": 10,
    "profession": 200,
    "function": 200,
}
MAX_MATCH_KEY = 250
MAX_REPORTED_ERRORS = 100

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’ʼ`´.,_]+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


@dataclass(frozen=True)
class RneIssue:
    line: int  # 0 when the problem concerns the whole file
    field: str  # a column label, or "" for the whole line
    message: str

    def __str__(self) -> str:
        where = [f"ligne {self.line}"] if self.line else []
        if self.field:
            where.append(f"champ « {self.field} »")
        return f"{', '.join(where)} : {self.message}" if where else self.message


class RneError(Exception):
    """The file cannot be imported; `issues` says where and why, in French."""

    def __init__(self, issues: Iterable[RneIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass(frozen=True)
class RneRow:
    # Not part of equality: the same person read from two variants of a file is the same row.
    line: int = field(compare=False)
    region_code: str
    region_name: str
    section: str
    section_name: str
    last_name: str
    first_name: str
    sex: str
    birth_date: dt.date
    profession_code: str
    profession: str
    mandate_start: dt.date
    function: str
    function_start: dt.date | None
    match_key: str


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case, accents, hyphens, spaces and apostrophes do not distinguish two names."""
    return _SEPARATORS.sub(" ", strip_accents(text).casefold()).strip()


def name_key(last_name: str, first_name: str) -> str:
    return f"{normalise(last_name)}|{normalise(first_name)}"


def match_key(last_name: str, first_name: str, birth_date: dt.date) -> str:
    """The identity of a person across imports: the RNE has no id for regional councillors."""
    return f"{name_key(last_name, first_name)}|{birth_date.isoformat()}"


def normalise_code(code: str) -> str:
    """'032' and '32' are the same region, '2' and '02' the same section."""
    code = code.strip()
    if _DIGITS.fullmatch(code):
        return code.lstrip("0") or "0"
    return code.upper()


def section_code(code: str) -> str:
    code = normalise_code(code)
    return code.zfill(2) if _DIGITS.fullmatch(code) else code


def parse_date(value: str) -> dt.date:
    value = value.strip()
    if m := _DMY.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(value)
    return dt.date(year, month, day)


def _header_key(label: str) -> str:
    return normalise(label.translate(_APOSTROPHES).replace("\ufeff", ""))


_HEADER_KEYS = {_header_key(label): name for name, label in COLUMNS}


def _decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise RneError(
            [
                RneIssue(
                    line,
                    "",
                    f"Le fichier n’est pas encodé en UTF-8 (ligne {line}). Enregistrez-le au "
                    "format « CSV UTF-8 » depuis votre tableur, puis importez-le de nouveau.",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _read_header(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, label in enumerate(header):
        name = _HEADER_KEYS.get(_header_key(label))
        if name and name not in positions:
            positions[name] = index
    if len(positions) == len(COLUMNS):
        return positions
    if len(header) == 1 and any(sep in header[0] for sep in (",", "\t", "|")):
        raise RneError(
            [
                RneIssue(
                    1,
                    "",
                    "Les colonnes ne sont pas séparées par des points-virgules « ; ». "
                    "Enregistrez le fichier au format CSV avec le séparateur point-virgule.",
                )
            ]
        )
    missing = [label for name, label in COLUMNS if name not in positions]
    raise RneError(
        [
            RneIssue(
                1,
                "",
                "Colonnes manquantes dans l’en-tête : "
                + ", ".join(f"« {label} »" for label in missing)
                + ". Vérifiez qu’il s’agit bien du fichier des conseillers régionaux du RNE.",
            )
        ]
    )


def _has_control(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c != "\t" for c in value)


def _clean_row(
    line: int, values: dict[str, str], sections: tuple[str, ...] | None, region: str
) -> tuple[RneRow | None, list[RneIssue]]:
    issues: list[RneIssue] = []
    # One message per column: a column already refused is not checked further.
    flagged: set[str] = set()

    def bad(name: str, message: str) -> None:
        flagged.add(name)
        issues.append(RneIssue(line, LABELS[name], message))

    for name, value in values.items():
        if _has_control(value):
            bad(name, "La valeur contient un caractère de contrôle invisible.")
        elif name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            bad(name, f"La valeur dépasse {MAX_LENGTHS[name]} caractères.")

    section = section_code(values["section"])
    if "section" in flagged:
        section = ""
    elif not section:
        bad("section", "Le code de la section départementale est vide.")
    elif sections is not None and section not in sections:
        bad(
            "section",
            f"Section « {values['section']} » inconnue : les sections de la région {region} "
            f"sont {', '.join(sections)}.",
        )
    for name, label in (("last_name", "Le nom"), ("first_name", "Le prénom")):
        if name in flagged:
            continue
        if not values[name]:
            bad(name, f"{label} est vide.")
        elif not normalise(values[name]):
            bad(name, f"{label} ne contient aucune lettre.")
    sex = values["sex"].upper()
    if sex not in ("F", "M") and "sex" not in flagged:
        bad("sex", f"Code sexe « {values['sex']} » inconnu : attendu F ou M.")

    dates: dict[str, dt.date | None] = {}
    for name in ("birth_date", "mandate_start", "function_start"):
        raw = values[name]
        if name in flagged:
            dates[name] = None
            continue
        if not raw:
            dates[name] = None
            if name != "function_start":
                bad(name, "La date est vide.")
            continue
        try:
            dates[name] = parse_date(raw)
        except ValueError:
            bad(name, f"Date « {raw} » invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
            dates[name] = None
    birth, start = dates["birth_date"], dates["mandate_start"]
    if birth and start and birth >= start:
        bad("birth_date", "La date de naissance doit précéder le début du mandat.")
    if issues or birth is None or start is None:
        return None, issues

    key = match_key(values["last_name"], values["first_name"], birth)
    if len(key) > MAX_MATCH_KEY:
        bad("last_name", "Le nom et le prénom sont trop longs.")
        return None, issues
    row = RneRow(
        line=line,
        region_code=region,
        region_name=values["region_name"],
        section=section,
        section_name=values["section_name"],
        last_name=values["last_name"],
        first_name=values["first_name"],
        sex=sex,
        birth_date=birth,
        profession_code=values["profession_code"],
        profession=values["profession"],
        mandate_start=start,
        function=values["function"],
        function_start=dates["function_start"],
        match_key=key,
    )
    return row, issues


def parse(
    content: bytes,
    file_name: str = "",
    *,
    region: str = "32",
    sections: Iterable[str] | None = None,
) -> list[RneRow]:
    """The rows of `region` in an RNE file, or RneError listing every problem found.

    `sections` restricts the accepted section codes; by default the region's known
    sections (none for a region the application does not know).
    """
    region = normalise_code(region)
    allowed = tuple(sections) if sections is not None else REGION_SECTIONS.get(region)
    text = _decode(content)
    if not text.strip():
        raise RneError([RneIssue(0, "", "Le fichier est vide.")])

    # newline="": the csv module then sees CR, LF and CRLF alike, even inside quotes.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    issues: list[RneIssue] = []
    rows: list[RneRow] = []
    seen: dict[str, int] = {}
    positions: dict[str, int] | None = None
    try:
        for record in reader:
            line = reader.line_num
            if not any(value.strip() for value in record):
                continue
            if positions is None:
                positions = _read_header(record)
                continue
            if len(record) <= max(positions.values()):
                issues.append(
                    RneIssue(
                        line,
                        "",
                        f"La ligne compte {len(record)} colonne(s) au lieu de {len(COLUMNS)} : "
                        "vérifiez le séparateur « ; » et les guillemets.",
                    )
                )
                continue
            values = {name: " ".join(record[i].split()) for name, i in positions.items()}
            row_region = normalise_code(values["region_code"])
            if not row_region:
                issues.append(RneIssue(line, LABELS["region_code"], "Le code est vide."))
                continue
            if row_region != region:
                continue
            row, row_issues = _clean_row(line, values, allowed, region)
            issues.extend(row_issues)
            if row is None:
                continue
            if row.match_key in seen:
                issues.append(
                    RneIssue(
                        line,
                        LABELS["last_name"],
                        f"{row.first_name} {row.last_name}, né·e le "
                        f"{row.birth_date:%d/%m/%Y}, figure déjà ligne {seen[row.match_key]}.",
                    )
                )
                continue
            seen[row.match_key] = line
            rows.append(row)
    except csv.Error as exc:
        issues.append(RneIssue(reader.line_num, "", f"Ligne illisible ({exc})."))

    if issues:
        if len(issues) > MAX_REPORTED_ERRORS:
            extra = len(issues) - MAX_REPORTED_ERRORS
            issues = [*issues[:MAX_REPORTED_ERRORS], RneIssue(0, "", f"… et {extra} autres.")]
        raise RneError(issues)
    if positions is None:
        raise RneError([RneIssue(0, "", "Le fichier est vide.")])
    if not rows:
        raise RneError(
            [
                RneIssue(
                    0,
                    LABELS["region_code"],
                    f"Aucune ligne pour la région {region} dans ce fichier : vérifiez le code "
                    "de la région ou le fichier choisi.",
                )
            ]
        )
    return rows
