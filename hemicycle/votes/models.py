"""Votes in séance: each scrutin (a rapport or a filing put to the vote), each group
councillor's vote, the council's result by group, and the déports recorded beforehand.

Names follow Popolo (VoteEvent, Vote, counts by group) so that the export maps one to one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from hemicycle.core.models import TimeStampedModel, VersionedModel


class Option(models.TextChoices):
    POUR = "pour", "Pour"
    CONTRE = "contre", "Contre"
    ABSTENTION = "abstention", "Abstention"
    NPPV = "nppv", "Ne prend pas part au vote"


class NppvReason(models.TextChoices):
    CHOICE = "choix", "Choix"
    RECUSAL = "deport", "Déport"
    ABSENT = "absent", "Absent·e"


class Recusal(TimeStampedModel):
    """A déport (CGCT L1111-6) recorded before the vote: the councillor sits for the Region
    in a body this rapport benefits, and must not take part in the vote."""

    # CASCADE: a déport is about its rapport.
    report = models.ForeignKey(
        "sittings.Report", verbose_name="rapport", on_delete=models.CASCADE, related_name="recusals"
    )
    # PROTECT: councillors are never deleted.
    councillor = models.ForeignKey(
        "group.Councillor", verbose_name="élu·e", on_delete=models.PROTECT, related_name="recusals"
    )
    reason = models.CharField(
        "motif",
        max_length=300,
        help_text="Par exemple : « administratrice de l’association bénéficiaire ».",
    )
    # SET_NULL: the déport outlives the account that recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "déport"
        verbose_name_plural = "déports"
        constraints = [
            models.UniqueConstraint(fields=["report", "councillor"], name="recusal_unique")
        ]

    def __str__(self) -> str:
        return f"Déport de {self.councillor} — {self.report}"


class VoteEvent(VersionedModel):
    """A scrutin: one rapport or one filing put to the vote in a séance."""

    class Mode(models.TextChoices):
        SHOW_OF_HANDS = "main_levee", "Main levée"
        PUBLIC = "public", "Scrutin public"
        SECRET = "secret", "Scrutin secret"

    class Result(models.TextChoices):
        ADOPTED = "adopte", "Adopté"
        REJECTED = "rejete", "Rejeté"

    # PROTECT: séances are the council's record.
    sitting = models.ForeignKey(
        "sittings.Sitting",
        verbose_name="séance",
        on_delete=models.PROTECT,
        related_name="vote_events",
    )
    # PROTECT: a vote keeps its rapport or filing.
    report = models.ForeignKey(
        "sittings.Report",
        verbose_name="rapport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vote_events",
    )
    filing = models.ForeignKey(
        "filings.Filing",
        verbose_name="dépôt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vote_events",
    )
    title = models.CharField("objet du vote", max_length=300)
    order = models.PositiveIntegerField("ordre", default=0)
    mode = models.CharField(
        "mode de scrutin", max_length=12, choices=Mode.choices, default=Mode.SHOW_OF_HANDS
    )
    result = models.CharField("résultat", max_length=8, choices=Result.choices, blank=True)
    # On a tie the president's vote decides (CGCT L4132-14): which way it went.
    tie_break = models.CharField(
        "voix prépondérante du président",
        max_length=8,
        choices=[(Option.POUR, "Pour"), (Option.CONTRE, "Contre")],
        blank=True,
    )
    result_recorded_at = models.DateTimeField("résultat saisi le", null=True, blank=True)

    class Meta:
        verbose_name = "scrutin"
        verbose_name_plural = "scrutins"
        ordering = ["sitting__starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False) | models.Q(filing__isnull=False),
                name="vote_event_has_subject",
                violation_error_message="Un scrutin porte sur un rapport ou sur un dépôt.",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(filing__isnull=True),
                name="vote_event_one_per_report",
            ),
            models.UniqueConstraint(fields=["filing"], name="vote_event_one_per_filing"),
        ]
        indexes = [models.Index(fields=["sitting", "order"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("votes:record", args=[self.pk])

    def clean(self) -> None:
        if self.report_id and self.sitting_id and self.report.sitting_id != self.sitting_id:  # type: ignore[union-attr]
            raise ValidationError(
                {"report": "Ce rapport n’est pas à l’ordre du jour de cette séance."}
            )


class Vote(VersionedModel):
    """One group councillor's vote in one scrutin (Popolo: Vote)."""

    # CASCADE: individual votes are part of their scrutin.
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="votes")
    # PROTECT: councillors are never deleted.
    councillor = models.ForeignKey(
        "group.Councillor", verbose_name="élu·e", on_delete=models.PROTECT, related_name="votes"
    )
    option = models.CharField("vote", max_length=12, choices=Option.choices)
    nppv_reason = models.CharField(
        "motif de non-participation", max_length=8, choices=NppvReason.choices, blank=True
    )
    # PROTECT: the holder of the proxy who cast this vote, kept with the vote.
    proxy_holder = models.ForeignKey(
        "group.Councillor",
        verbose_name="voté par pouvoir de",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes_cast_by_proxy",
    )
    # SET_NULL: the vote outlives the account that recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "vote"
        verbose_name_plural = "votes"
        constraints = [
            models.UniqueConstraint(fields=["vote_event", "councillor"], name="vote_unique"),
            models.CheckConstraint(
                condition=models.Q(option=Option.NPPV) | models.Q(nppv_reason=""),
                name="vote_reason_only_for_nppv",
            ),
        ]
        indexes = [
            models.Index(fields=["councillor", "vote_event"]),
            # Counts per scrutin and option read inside the index (migration 0002).
            models.Index(
                fields=["vote_event", "option", "nppv_reason", "councillor"],
                name="votes_vote_event_option_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor} : {self.get_option_display()}"


class GroupResult(models.Model):
    """The council's count for one council group in one scrutin (Popolo: counts by group)."""

    # CASCADE: part of the scrutin's result.
    vote_event = models.ForeignKey(
        VoteEvent, on_delete=models.CASCADE, related_name="group_results"
    )
    # PROTECT: council groups are archived, never deleted.
    council_group = models.ForeignKey(
        "council.CouncilGroup",
        verbose_name="groupe",
        on_delete=models.PROTECT,
        related_name="vote_results",
    )
    pour = models.PositiveSmallIntegerField("pour", default=0)
    contre = models.PositiveSmallIntegerField("contre", default=0)
    abstention = models.PositiveSmallIntegerField("abstention", default=0)
    nppv = models.PositiveSmallIntegerField("NPPV", default=0)

    class Meta:
        verbose_name = "résultat par groupe"
        verbose_name_plural = "résultats par groupe"
        ordering = ["-council_group__seats", "council_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote_event", "council_group"], name="group_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_group} : {self.pour}/{self.contre}/{self.abstention}/{self.nppv}"

    @property
    def total(self) -> int:
        return self.pour + self.contre + self.abstention + self.nppv


class ScrutinTally(models.Model):
    """The group's considered votes in one scrutin, counted once when they change.

    Derived data kept by hemicycle/votes/tallies.py (the only writer, called by every
    service that writes a vote) so that the analysis page reads one row per scrutin
    instead of counting 350,000 votes per mandature (docs/decisions/0021-vote-tallies.md).
    A table of its own rather than columns on VoteEvent: a form saving a scrutin it loaded
    earlier must not write back counts that changed since.
    """

    # CASCADE: a count of the scrutin's own votes.
    vote_event = models.OneToOneField(
        VoteEvent, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    pour = models.PositiveSmallIntegerField(default=0)
    contre = models.PositiveSmallIntegerField(default=0)
    abstention = models.PositiveSmallIntegerField(default=0)
    # NPPV by choice only: an absence or a déport is not a position (see analysis.py).
    nppv = models.PositiveSmallIntegerField(default=0)
    # How many different options among those: 2 or more is a split.
    options = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = "décompte du groupe"
        verbose_name_plural = "décomptes du groupe"

    def __str__(self) -> str:
        return f"{self.vote_event_id} : {self.pour}/{self.contre}/{self.abstention}/{self.nppv}"


class PartyTally(models.Model):
    """The expressed votes of one party's councillors (NULL: not affiliated) in one
    scrutin, for the cohesion index by party. Same writer as ScrutinTally."""

    # CASCADE: a count of the scrutin's own votes.
    vote_event = models.ForeignKey(
        VoteEvent, on_delete=models.CASCADE, related_name="party_tallies"
    )
    # CASCADE: a derived count, rebuilt from the votes; it must not block anything.
    party = models.ForeignKey(
        "group.Party", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pour = models.PositiveSmallIntegerField(default=0)
    contre = models.PositiveSmallIntegerField(default=0)
    abstention = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "décompte par parti"
        verbose_name_plural = "décomptes par parti"
        indexes = [models.Index(fields=["party", "vote_event"])]

    def __str__(self) -> str:
        return f"{self.vote_event_id}/{self.party_id} : {self.pour}/{self.contre}/{self.abstention}"
