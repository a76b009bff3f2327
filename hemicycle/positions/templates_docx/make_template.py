"""Build the bundled DOCX template of the séance brief (dossier de séance).

Run `python hemicycle/positions/templates_docx/make_template.py` after changing it. The
secrétariat can replace the result with its own Word file using the same docxtpl tags.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def build(path: Path = HERE / "dossier_de_seance.docx") -> Path:
    doc = Document()
    doc.styles["Normal"].font.name = "Marianne"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("Dossier de séance", level=0)
    doc.add_paragraph("{{ sitting.title }}")
    doc.add_paragraph("{{ sitting.body }} — {{ sitting.date }} — {{ sitting.place }}")
    doc.add_paragraph(
        "Temps de parole prévu : {{ speaking.used }} min"
        "{% if speaking.available %} sur {{ speaking.available }} min{% endif %}"
    )
    doc.add_paragraph("{%p for r in reports %}")
    doc.add_heading("Rapport {{ r.number }} — {{ r.title }}", level=1)
    doc.add_paragraph("{% if r.amount %}Montant : {{ r.amount }}{% endif %}")
    doc.add_paragraph("{{ r.summary }}")
    consigne = doc.add_paragraph()
    consigne.add_run("Consigne de vote : ").bold = True
    consigne.add_run("{{ r.line }}")
    doc.add_paragraph("{% if r.explanation %}Explication de vote : {{ r.explanation }}{% endif %}")
    doc.add_paragraph("{% if r.speakers %}Prises de parole : {{ r.speakers }}{% endif %}")
    doc.add_paragraph("{% if r.note %}Note d’enjeux :{% endif %}")
    doc.add_paragraph("{{ r.note }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
