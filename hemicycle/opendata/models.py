"""What the group decides to publish as open data (one row per installation).

Everything defaults to the safe side: only what the council itself already makes public
(séances, rapports and their outcome, councillors' names and seats) and what the group
has filed with the assembly. Drafts, internal notes, contacts and birth dates are never
exported, whatever these settings say: the exporters do not read those fields at all.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from hemicycle.core.models import VersionedModel

# The Région Hauts-de-France's SIRET (SIREN 200 053 742, head office NIC 00017), as the
# SIRENE register lists it; the installation of another council changes it in the form.
DEFAULT_SIRET = "20005374200017"
DEFAULT_LICENSE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def siret_is_valid(value: str) -> bool:
    """14 digits passing the Luhn checksum (what the SCDL's french-siret-value checks)."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


class OpenDataSettings(VersionedModel):
    publish_sittings = models.BooleanField(
        "publier les séances, ordres du jour et rapports",
        default=True,
        help_text="Données publiques du conseil : dates, instances, rapports et leur sort.",
    )
    publish_documents = models.BooleanField(
        "publier les documents PDF des rapports",
        default=False,
        help_text="Les fichiers joints aux rapports sont copiés dans l’export OParl.",
    )
    publish_filings = models.BooleanField(
        "publier les dépôts du groupe",
        default=True,
        help_text="Seulement les dépôts déposés ou dont le sort est connu, jamais les brouillons.",
    )
    publish_people = models.BooleanField(
        "publier les élu·es, les groupes et les sièges",
        default=True,
        help_text="Nom, civilité, groupe et sièges ; jamais de coordonnées ni de date de naissance.",
    )
    collectivity_name = models.CharField(
        "nom de la collectivité", max_length=200, default="Région Hauts-de-France"
    )
    collectivity_siret = models.CharField(
        "SIRET de la collectivité",
        max_length=14,
        default=DEFAULT_SIRET,
        help_text="14 chiffres, sans espace (colonne COLL_SIRET du fichier SCDL).",
    )
    license_url = models.URLField(
        "licence",
        default=DEFAULT_LICENSE,
        help_text="Adresse de la licence des données (Licence Ouverte d’Etalab par défaut).",
    )
    publication_url = models.URLField(
        "adresse de publication OParl",
        blank=True,
        help_text=(
            "Adresse où le dossier OParl sera mis en ligne ; vide : "
            "l’adresse d’Hémicycle suivie de /donnees-ouvertes/oparl."
        ),
    )
    contact_email = models.EmailField("e-mail de contact public", blank=True)

    class Meta:
        verbose_name = "réglages des données ouvertes"
        verbose_name_plural = "réglages des données ouvertes"

    def __str__(self) -> str:
        return "Réglages des données ouvertes"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        siret = (self.collectivity_siret or "").replace(" ", "")
        self.collectivity_siret = siret
        if not siret_is_valid(siret):
            errors["collectivity_siret"] = (
                "Un SIRET compte 14 chiffres et passe la clé de contrôle (Luhn) ; "
                "vérifiez-le sur l’annuaire des entreprises."
            )
        if self.publish_documents and not self.publish_sittings:
            errors["publish_documents"] = (
                "Les documents accompagnent les rapports : publiez aussi les séances et rapports."
            )
        if self.publication_url and not self.publication_url.startswith(("https://", "http://")):
            errors["publication_url"] = "L’adresse doit commencer par https:// ou http://."
        if errors:
            raise ValidationError(errors)
