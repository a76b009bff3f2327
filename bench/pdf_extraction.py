"""Benchmark: PDF text extraction with pypdfium2 against pdftotext, side by side.

    DJANGO_SETTINGS_MODULE=config.settings python bench/pdf_extraction.py [DIR]

Without DIR, generates (once, deterministically, with WeasyPrint) 20 rapports of 15 pages
of French administrative text in a cache folder. Each tool reads every file; the run is
repeated three times and the median kept. Target (issue 3): pypdfium2 takes at most 1.5×
the time of pdftotext. Results go to bench/results/pdf_extraction.json.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from hemicycle.sittings.pdf import extract_many, extract_text  # noqa: E402

FILES, PAGES, RUNS, TARGET = 20, 15, 3, 1.5
RESULTS = ROOT / "bench" / "results" / "pdf_extraction.json"
CACHE = Path(tempfile.gettempdir()) / f"hemicycle-bench-pdfs-{FILES}x{PAGES}"

WORDS = [
    "région",
    "conseil",
    "délibération",
    "subvention",
    "commission",
    "permanente",
    "investissement",
    "lycées",
    "mobilités",
    "transition",
    "écologique",
    "agriculture",
    "biodiversité",
    "formation",
    "professionnelle",
    "apprentissage",
    "santé",
    "territoires",
    "ruralité",
    "habitat",
    "rénovation",
    "énergétique",
    "transports",
    "ferroviaires",
    "TER",
    "départements",
    "Aisne",
    "Nord",
    "Oise",
    "Pas-de-Calais",
    "Somme",
    "association",
    "commune",
    "intercommunalité",
    "fonds",
    "européens",
    "FEDER",
    "programme",
    "opérationnel",
    "crédits",
    "autorisation",
    "engagement",
    "paiement",
    "budget",
    "primitif",
    "décision",
    "modificative",
    "rapporteur",
    "vote",
    "considérant",
    "article",
    "attribution",
    "bénéficiaire",
    "montant",
    "convention",
    "pluriannuelle",
    "objectifs",
]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(folder: Path) -> None:
    from weasyprint import HTML

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)  # noqa: S311  (deterministic sample text, not a secret)
    for n in range(1, FILES + 1):
        pages = []
        for p in range(1, PAGES + 1):
            rows = "".join(
                f"<tr><td>{2026_000 + n * 100 + r}</td><td>{_paragraph(rng, 6)}</td>"
                f"<td>{rng.randint(1_000, 2_000_000):,} €</td></tr>".replace(",", "\u202f")
                for r in range(8)
            )
            paragraphs = "".join(f"<p>{_paragraph(rng, 60)}</p>" for _ in range(5))
            pages.append(
                f"<section><h2>Rapport n° {n} — page {p}</h2>{paragraphs}"
                f"<table><tr><th>N°</th><th>Objet</th><th>Montant</th></tr>{rows}</table>"
                f"</section>"
            )
        html = (
            "<html lang='fr'><head><style>section{page-break-after:always}"
            "body{font-family:serif;font-size:10pt}</style></head><body>"
            f"<h1>Conseil régional des Hauts-de-France — rapport {n}</h1>{''.join(pages)}</body></html>"
        )
        HTML(string=html).write_pdf(folder / f"rapport-{n:02d}.pdf")


def time_pypdfium(files: list[Path]) -> float:
    # As the agenda import does: files read in a bounded child process, a batch at a time.
    start = time.perf_counter()
    extract_many([path.read_bytes() for path in files])
    return time.perf_counter() - start


def time_pdftotext(files: list[Path]) -> float:
    executable = shutil.which("pdftotext") or "pdftotext"
    start = time.perf_counter()
    for path in files:
        subprocess.run(  # noqa: S603  (our own executable on our own generated files)
            [executable, "-q", "-enc", "UTF-8", str(path), "-"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return time.perf_counter() - start


def main() -> int:
    if shutil.which("pdftotext") is None:
        print("pdftotext est introuvable : apt-get install -y poppler-utils", file=sys.stderr)
        return 2
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CACHE
    if len(sys.argv) <= 1 and len(list(folder.glob("*.pdf"))) < FILES:
        print(f"Generating {FILES} PDFs of {PAGES} pages in {folder}…")
        generate(folder)
    files = sorted(folder.glob("*.pdf"))
    if not files:
        print(f"No PDF in {folder}", file=sys.stderr)
        return 2
    pages = sum(extract_text(p.read_bytes()).pages for p in files)  # also warms up both
    time_pdftotext(files[:1])
    pdfium_runs, poppler_runs = [], []
    for _ in range(RUNS):
        pdfium_runs.append(time_pypdfium(files))
        poppler_runs.append(time_pdftotext(files))
    pdfium, poppler = statistics.median(pdfium_runs), statistics.median(poppler_runs)
    ratio = pdfium / poppler
    print(f"{len(files)} files, {pages} pages, {folder}")
    print(f"{'tool':<12}{'median (s)':>12}{'runs (s)':>30}")
    print(f"{'pypdfium2':<12}{pdfium:>12.3f}{'  '.join(f'{r:.3f}' for r in pdfium_runs):>30}")
    print(f"{'pdftotext':<12}{poppler:>12.3f}{'  '.join(f'{r:.3f}' for r in poppler_runs):>30}")
    verdict = "OK" if ratio <= TARGET else "OVER TARGET"
    print(f"ratio pypdfium2 / pdftotext = {ratio:.2f} (target ≤ {TARGET}) {verdict}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            [
                {
                    "name": "pdf_extraction_seconds",
                    "value": round(pdfium, 4),
                    "reference": round(poppler, 4),
                    "ratio": round(ratio, 3),
                    "target": TARGET,
                    "files": len(files),
                    "pages": pages,
                }
            ],
            indent=2,
        )
        + "\n"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
