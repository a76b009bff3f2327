"""Build RNE files for tests: the demo fixtures, rewritten in any published variant."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from hemicycle.council.demo import FIRST_EDITION, LATER_EDITION
from hemicycle.council.rne import FILE_HEADER

__all__ = [
    "FIRST_EDITION",
    "HEADER",
    "LATER_EDITION",
    "person",
    "read_records",
    "render",
    "small_file",
]

HEADER = list(FILE_HEADER)
DATE_COLUMNS = (7, 10, 12)


def read_records(path: Path = FIRST_EDITION) -> tuple[list[str], list[list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return records[0], records[1:]


def _iso(value: str) -> str:
    if "/" not in value:
        return value
    day, month, year = value.split("/")
    return dt.date(int(year), int(month), int(day)).isoformat()


def render(
    header: list[str],
    rows: list[list[str]],
    *,
    quoted: bool = True,
    crlf: bool = False,
    bom: bool = False,
    iso: bool = False,
    strip_zeros: bool = False,
    region_width: int = 0,
) -> bytes:
    """An RNE file in the chosen variant; `region_width` pads region codes ("032")."""
    out_rows = []
    for row in rows:
        row = list(row)
        if iso:
            for i in DATE_COLUMNS:
                row[i] = _iso(row[i])
        if strip_zeros:
            row[2] = row[2].lstrip("0")
        if region_width:
            row[0] = row[0].zfill(region_width)
        out_rows.append(row)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=";",
        quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if crlf else "\n",
    )
    writer.writerow(header)
    writer.writerows(out_rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def person(
    last: str,
    first: str,
    *,
    sex: str = "F",
    birth: str = "01/02/1970",
    section: str = "59",
    function: str = "Conseillère régionale",
    region: str = "32",
) -> list[str]:
    return [
        region,
        "Hauts-de-France",
        section,
        "Nord",
        last,
        first,
        sex,
        birth,
        "34",
        "Professeurs, professions scientifiques",
        "02/07/2021",
        function,
        "02/07/2021",
    ]


def small_file(*people: list[str]) -> bytes:
    return render(HEADER, list(people))
