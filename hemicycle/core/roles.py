"""The roles of PRODUCT.md. Every permission predicate is written in terms of these."""

from django.db import models


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Secrétariat général"
    PRESIDENCE = "presidence", "Présidence"
    BUREAU = "bureau", "Bureau"
    ELU = "elu", "Élu·e"
    COLLABORATEUR = "collaborateur", "Collaborateur·rice"
    PARTENAIRE = "partenaire", "Partenaire inter-groupe"
    OBSERVATEUR = "observateur", "Observateur·rice"


# People who work inside the group and see its internal work.
MEMBER_ROLES = frozenset(
    {Role.SECRETARIAT, Role.PRESIDENCE, Role.BUREAU, Role.ELU, Role.COLLABORATEUR}
)
# People who lead the group: validate, see contracts and finances.
LEADERSHIP_ROLES = frozenset({Role.SECRETARIAT, Role.PRESIDENCE})
BUREAU_ROLES = frozenset({Role.SECRETARIAT, Role.PRESIDENCE, Role.BUREAU})
