"""The demo's filings: the coming plenary's amendments, vœux and questions at every step of
the workflow, one shared with the SCR group and co-signed by two of its councillors, and
the outcomes of past plenaries (for the statistics and the councillors' pages).

Steps that check dates (creating, filing) are written directly, so that the demo keeps
building after the coming plenary's deadlines have passed; every other step goes through
the services, which leave their audit rows and notifications as real use would.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from hemicycle.core import audit
from hemicycle.council.models import CouncilGroup, FilingKind, RosterMember
from hemicycle.filings import services
from hemicycle.filings.models import Filing, FilingAuthor, FilingVersion
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Report, Sitting

S = Filing.Status
O = Filing.Outcome  # noqa: E741  (the model's own name, short in tables)

# Titles the leak markers (demo/markers.py) look filings up by.
SHARED_TITLE = "Gratuité des transports scolaires pour les lycéen·nes boursier·es"
DRAFT_TITLE = "Clause d’éco-conditionnalité des aides aux entreprises"


def _filing(
    *,
    kind: str,
    title: str,
    sitting: Sitting | None,
    authors: list[Councillor],
    texts: dict[str, str],
    creator: Any,
    report: Report | None = None,
    article: str = "",
    paragraph: str = "",
    due_at: dt.datetime | None = None,
    sequence: int | None = None,
) -> Filing:
    if sequence is None:
        sequence = Filing.objects.filter(sitting=sitting, kind=kind).count() + 1
    filing = Filing.objects.create(
        kind=kind,
        title=title,
        sitting=sitting,
        report=report,
        article=article,
        paragraph=paragraph,
        due_at=due_at,
        sequence=sequence,
        created_by=creator,
    )
    for i, councillor in enumerate(authors):
        FilingAuthor.objects.create(
            filing=filing,
            councillor=councillor,
            role=FilingAuthor.Role.AUTHOR if i == 0 else FilingAuthor.Role.COAUTHOR,
        )
    FilingVersion.objects.create(filing=filing, number=1, author=creator, **texts)
    audit.record(actor=creator, action="filings.created", target=filing)
    return filing


def _mark_filed(filing: Filing, number: str, when: dt.datetime, user: Any) -> None:
    filing.status = S.FILED
    filing.registration_number = number
    filing.filed_at = when
    filing.version += 1
    filing.save()
    audit.record(
        actor=user,
        action="filings.filed",
        target=filing,
        changes={"statut": ["Validé", "Déposé"], "registration_number": [None, number]},
    )


def seed(*, users: dict[str, Any]) -> dict[str, Filing]:
    rng = random.Random(1742)  # noqa: S311  (deterministic demo data, not security)
    secretariat, staff = users["secretariat"], users["collaborateur"]
    elu, president, bureau = users["elu"], users["presidence"], users["bureau"]
    councillors = {c.last_name: c for c in Councillor.objects.filter(status="active")}
    dewaele, vasseur, delattre = (councillors[n] for n in ("Dewaele", "Vasseur", "Delattre"))
    others = [c for c in councillors.values() if c not in (dewaele, vasseur, delattre)]
    plenary = Sitting.objects.get(title="Séance plénière — budget primitif 2027")
    reports = {r.number: r for r in Report.objects.filter(sitting=plenary)}
    built: dict[str, Filing] = {}

    # the story of the product — drafted, reworded, validated, shared, co-signed.
    shared = _filing(
        kind=FilingKind.AMENDEMENT,
        title=SHARED_TITLE,
        sitting=plenary,
        report=reports["2026-0143"],
        article="Article 3",
        paragraph="alinéa 2",
        authors=[dewaele, vasseur],
        creator=elu,
        texts={
            "original_text": "La Région prend en charge les frais de transport scolaire des "
            "élèves domicilié·es à plus de trois kilomètres de leur établissement, dans la "
            "limite de 450 € par élève et par an.",
            "text": "La Région prend en charge les frais de transport scolaire des élèves "
            "domicilié·es à plus de trois kilomètres de leur établissement. Pour les "
            "lycéen·nes boursier·es, le transport est gratuit.",
            "motives": "Dans la Somme rurale, le coût du car pèse sur les familles les plus "
            "modestes : un quart des boursier·es renoncent à l’internat faute de transport.",
        },
    )
    services.add_version(
        filing=shared,
        texts={
            "original_text": shared.latest_version().original_text,  # type: ignore[union-attr]
            "text": "La Région prend en charge les frais de transport scolaire des élèves "
            "domicilié·es à plus de trois kilomètres de leur établissement, dans la limite de "
            "450 € par élève et par an. Pour les lycéen·nes boursier·es, le transport est "
            "gratuit, sans plafond.",
            "motives": "Dans la Somme rurale, le coût du car pèse sur les familles les plus "
            "modestes : un quart des boursier·es renoncent à l’internat faute de transport. "
            "Coût estimé : 1,2 M€ par an, financé par redéploiement de la ligne 6.",
        },
        summary="Reformulation de l’alinéa 2 et chiffrage",
        base_number=1,
        acting_user=staff,
    )
    services.add_comment(
        filing=shared,
        text="Le chiffrage vient de la DGA Mobilités (réponse du 20 novembre).",
        internal=True,
        version=shared.latest_version(),
        acting_user=staff,
    )
    services.submit(filing=shared, acting_user=elu)
    services.validate(filing=shared, acting_user=president)
    scr = CouncilGroup.objects.get(short_name="SCR")
    services.share(filing=shared, council_group=scr, acting_user=bureau)
    partner = users["partenaire"]
    for signer in RosterMember.objects.filter(council_group=scr).order_by("last_name")[:2]:
        services.cosign(filing=shared, signer=signer, acting_user=partner)
    services.add_comment(
        filing=shared,
        text="Notre groupe co-signe. Merci d’avoir repris le plafond dans l’alinéa 2.",
        internal=False,
        version=None,
        acting_user=partner,
    )
    built["shared"] = shared

    # a draft still being written (internal: never shared).
    built["draft"] = _filing(
        kind=FilingKind.AMENDEMENT,
        title=DRAFT_TITLE,
        sitting=plenary,
        report=reports["2026-0142"],
        article="Article 3",
        authors=[delattre],
        creator=bureau,
        texts={
            "original_text": "Les aides régionales aux entreprises sont attribuées selon les "
            "critères du règlement d’intervention.",
            "text": "Les aides régionales aux entreprises sont attribuées selon les critères "
            "du règlement d’intervention et subordonnées au respect d’une trajectoire de "
            "réduction des émissions de gaz à effet de serre.",
            "motives": "Conditionner l’argent public à la transition.",
        },
    )

    # V-01: a vœu in review.
    voeu = _filing(
        kind=FilingKind.VOEU,
        title="Pour le maintien des guichets en gare de Saint-Pol-sur-Ternoise",
        sitting=plenary,
        authors=[others[0]],
        creator=staff,
        texts={
            "preamble": "Considérant la fermeture annoncée du guichet au 1er mars 2027 ;\n\n"
            "Considérant que 38 % des voyageur·ses de la ligne achètent leur titre au guichet ;",
            "text": "Le conseil régional demande à SNCF Voyageurs de maintenir le guichet de la "
            "gare de Saint-Pol-sur-Ternoise ouvert six jours sur sept.",
            "motives": "Le service public ferroviaire ne peut pas être seulement numérique.",
        },
    )
    services.submit(filing=voeu, acting_user=staff)
    built["voeu"] = voeu

    # QA-01: a question d'actualité validated, ready to file.
    question = _filing(
        kind=FilingKind.QUESTION_ACTUALITE,
        title="Fermeture de la maternité de Clamecy-sur-Aa : que fait la Région ?",
        sitting=plenary,
        authors=[vasseur],
        creator=staff,
        texts={
            "text": "Monsieur le Président, quelles démarches la Région a-t-elle engagées "
            "auprès de l’ARS pour maintenir une offre de naissance de proximité ?"
        },
    )
    services.submit(filing=question, acting_user=staff)
    services.validate(filing=question, acting_user=president)
    built["question"] = question

    # M-01: a motion set aside (kept, with its number).
    motion = _filing(
        kind=FilingKind.MOTION,
        title="Motion pour un moratoire sur les nouveaux entrepôts logistiques",
        sitting=plenary,
        authors=[others[1]],
        creator=staff,
        texts={
            "preamble": "Considérant l’artificialisation des terres agricoles ;",
            "text": "Le conseil régional demande un moratoire régional.",
            "motives": "",
        },
    )
    services.abandon(filing=motion, acting_user=secretariat, note="Repris dans le vœu commun.")

    # A tribune for the magazine, with its length limit.
    built["tribune"] = _filing(
        kind=FilingKind.TRIBUNE,
        title="Tribune de janvier : un budget qui oublie le climat",
        sitting=None,
        due_at=timezone.now() + dt.timedelta(days=12),
        authors=[vasseur],
        creator=staff,
        texts={
            "text": "Le budget 2027 consacre moins de 3 % de ses crédits à la rénovation "
            "énergétique des lycées. Pendant ce temps, les élèves ont froid en classe."
        },
    )

    # Past plenaries: filed filings and their outcomes.
    past = list(
        Sitting.objects.filter(body=plenary.body, starts_at__lt=timezone.now()).order_by(
            "starts_at"
        )
    )
    outcomes = [
        (O.ADOPTED, Filing.Opinion.FAVORABLE),
        (O.ADOPTED_AMENDED, Filing.Opinion.WISDOM),
        (O.REJECTED, Filing.Opinion.UNFAVORABLE),
        (O.REJECTED, Filing.Opinion.UNFAVORABLE),
        (O.REJECTED, Filing.Opinion.UNFAVORABLE),
        (O.WITHDRAWN, ""),
        (O.INADMISSIBLE, ""),
        (O.FALLEN, ""),
    ]
    subjects = [
        "Doublement du fonds vélo",
        "Cantine 100 % bio et locale dans les lycées",
        "Éco-conditionnalité des aides agricoles",
        "Tarif solidaire TER pour les moins de 26 ans",
        "Plan de rénovation des internats",
        "Soutien aux recycleries",
        "Protection des zones humides de la Somme",
        "Fonds pour les tiers-lieux ruraux",
    ]
    people = list(councillors.values())
    for sitting in past[-8:]:
        for i in range(rng.randint(2, 4)):
            report = Report.objects.filter(sitting=sitting).order_by("order")[i % 3]
            kind = FilingKind.AMENDEMENT if i < 3 else FilingKind.VOEU
            author = rng.choice(people)
            filing = _filing(
                kind=kind,
                title=rng.choice(subjects),
                sitting=sitting,
                report=report if kind == FilingKind.AMENDEMENT else None,
                article=f"Article {rng.randint(1, 5)}" if kind == FilingKind.AMENDEMENT else "",
                authors=[author],
                creator=staff,
                texts={
                    "original_text": "Le montant de l’aide est fixé à 100 000 €."
                    if kind == FilingKind.AMENDEMENT
                    else "",
                    "text": "Le montant de l’aide est porté à 150 000 €."
                    if kind == FilingKind.AMENDEMENT
                    else "Le conseil régional demande à l’État d’agir.",
                    "motives": "Les besoins du territoire le justifient.",
                },
            )
            filed_at = sitting.starts_at - dt.timedelta(days=4)
            _mark_filed(
                filing,
                f"{sitting.starts_at:%Y}-{kind[:2].upper()}-{filing.pk}",
                filed_at,
                secretariat,
            )
            outcome, opinion = rng.choice(outcomes)
            services.record_outcome(
                filing=filing,
                outcome=outcome,
                opinion=opinion,
                note="",
                decided_on=timezone.localtime(sitting.starts_at).date(),
                acting_user=secretariat,
            )
    return built
