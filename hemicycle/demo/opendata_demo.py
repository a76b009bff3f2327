"""The demo's open-data settings: documents published, a publication address and a contact."""

from __future__ import annotations

from typing import Any

from hemicycle.opendata import services


def seed(*, acting_user: Any) -> None:
    services.update_settings(
        data={
            "publish_documents": True,
            "publication_url": "https://donnees.groupe-ecologiste-hdf.test/oparl",
            "contact_email": "donnees-ouvertes@groupe-ecologiste-hdf.test",
        },
        expected_version=None,
        acting_user=acting_user,
    )
