"""Build the bundled DOCX template of a filing (amendement, vœu, motion, question, tribune).

Run `.venv/bin/python hemicycle/filings/templates_docx/make_template.py` after changing it.
The secrétariat can replace the result with its own Word file using the same docxtpl tags
(listed on the page Dépôts › Modèle Word):

- `header` ("Conseil régional des Hauts-de-France — Séance plénière du 12 mars 2026"),
  or its parts `council`, `sitting_label`, `sitting_date`;
- `kind`, `reference`, `registration_number`, `filed_on`, `target` (rapport, article,
  alinéa), `parent`, `title`, `outcome`;
- `texts` (each with `label` and `paragraphs`), `motives` (`label`, `paragraphs`);
- `authors` (each with `name`, `role`), `cosigners` (each with `name`, `group`), `group`.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def build(path: Path = HERE / "depot.docx") -> Path:
    doc = Document()
    doc.styles["Normal"].font.name = "Marianne"
    doc.styles["Normal"].font.size = Pt(11)

    header = doc.add_paragraph("{{ header }}")
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].font.size = Pt(10)

    heading = doc.add_heading("{{ kind }} {{ reference }}", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p if registration_number %}")
    number = doc.add_paragraph(
        "N° d’enregistrement : {{ registration_number }}"
        "{% if filed_on %} — déposé le {{ filed_on }}{% endif %}"
    )
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if target %}")
    doc.add_paragraph("{{ target }}").runs[0].bold = True
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if parent %}")
    doc.add_paragraph("{{ parent }}")
    doc.add_paragraph("{%p endif %}")

    objet = doc.add_paragraph()
    objet.add_run("Objet : ").bold = True
    objet.add_run("{{ title }}")

    doc.add_paragraph("{%p for t in texts %}")
    doc.add_heading("{{ t.label }}", level=2)
    doc.add_paragraph("{%p for line in t.paragraphs %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if motives.paragraphs %}")
    doc.add_heading("{{ motives.label }}", level=2)
    doc.add_paragraph("{%p for line in motives.paragraphs %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Signataires", level=2)
    doc.add_paragraph("{%p for a in authors %}")
    doc.add_paragraph("{{ a.name }}{% if a.role %} ({{ a.role }}){% endif %} — {{ group }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for c in cosigners %}")
    doc.add_paragraph("{{ c.name }} — {{ c.group }}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if outcome %}")
    sort = doc.add_paragraph()
    sort.add_run("Sort : ").bold = True
    sort.add_run("{{ outcome }}")
    doc.add_paragraph("{%p endif %}")
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
