"""The filings pages: partner sharing, the merge view, reminders, lists and statistics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hemicycle.core.models import Notification
from hemicycle.filings import services
from hemicycle.filings.models import Cosignature, Filing, FilingComment, FilingVersion
from hemicycle.filings.tests.factories import FilingFactory

pytestmark = pytest.mark.django_db


def _share(draft, world, personas):
    return services.share(filing=draft, council_group=world["ally"], acting_user=personas["bureau"])


def test_draft_page_shows_the_word_diff_against_the_original(draft, client_for):
    response = client_for("councillor").get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del" in html and "<ins" in html
    assert "Date limite de dépôt" in html


def test_partner_sees_only_what_is_shared(draft, world, personas, client_for):
    internal = services.add_comment(
        filing=draft,
        text="Ne pas montrer aux socialistes avant le bureau",
        internal=True,
        version=None,
        acting_user=personas["staff"],
    )
    partner = client_for("partner")
    assert partner.get(draft.get_absolute_url()).status_code == 404
    _share(draft, world, personas)
    response = partner.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert internal.text not in response.content.decode()
    assert "Historique" not in response.content.decode()
    # The list shows that filing and nothing else.
    other = FilingFactory(report=draft.report)
    listing = partner.get(reverse("filings:list")).content.decode()
    assert draft.title in listing and other.title not in listing
    # A partner of another group: 404, like a missing filing.
    assert client_for("outsider").get(draft.get_absolute_url()).status_code == 404
    assert client_for("partner").get(reverse("filings:detail", args=[999999])).status_code == 404


def test_partner_comments_are_never_internal_and_authors_are_notified(
    draft, world, personas, client_for
):
    _share(draft, world, personas)
    response = client_for("partner").post(
        reverse("filings:comment", args=[draft.pk]),
        {"text": "D’accord sur le fond", "internal": "on"},
    )
    assert response.status_code == 302
    comment = FilingComment.objects.get()
    assert comment.internal is False
    assert Notification.objects.filter(
        recipient=personas["councillor"], kind="filings.commented"
    ).exists()


def test_partner_cosigns_for_its_own_group_only(
    draft, world, personas, client_for, ally_member, rival_member
):
    _share(draft, world, personas)
    partner = client_for("partner")
    partner.post(reverse("filings:cosign", args=[draft.pk]), {"signer": rival_member.pk})
    assert not Cosignature.objects.exists()
    partner.post(reverse("filings:cosign", args=[draft.pk]), {"signer": ally_member.pk})
    assert Cosignature.objects.get().signer == ally_member
    page = client_for("secretariat").get(draft.get_absolute_url()).content.decode()
    assert "Martine Alliée" in page


def test_revoked_share_hides_the_filing_again(draft, world, personas, client_for):
    share_row = _share(draft, world, personas)
    services.revoke_share(share_row=share_row, acting_user=personas["president"])
    assert client_for("partner").get(draft.get_absolute_url()).status_code == 404


def test_observer_sees_filed_filings_only(draft, client_for):
    assert client_for("observer").get(draft.get_absolute_url()).status_code == 404
    Filing.objects.filter(pk=draft.pk).update(status=Filing.Status.FILED)
    assert client_for("observer").get(draft.get_absolute_url()).status_code == 200


def test_second_concurrent_edit_gets_the_merge_view(draft, client_for):
    url = reverse("filings:write", args=[draft.pk])
    base = {
        "original_text": "Le montant de la subvention est fixé à 10 000 €.",
        "motives": "Les besoins ont doublé.",
        "base_number": "1",
    }
    first = client_for("staff").post(url, {**base, "text": "Porté à 12 000 €."})
    assert first.status_code == 302
    second = client_for("councillor").post(url, {**base, "text": "Porté à 20 000 € pour tous."})
    assert second.status_code == 200
    html = second.content.decode()
    assert "Deux rédactions à réconcilier" in html
    assert "20 000 € pour tous" in html  # her text is kept in the form
    assert FilingVersion.objects.filter(filing=draft).count() == 2
    # Saving again from the merge view is a conscious decision: it goes through.
    third = client_for("councillor").post(
        url, {**base, "text": "Porté à 20 000 € pour tous.", "base_number": "2"}
    )
    assert third.status_code == 302
    assert draft.versions.count() == 3


def test_compare_two_versions(draft, personas, client_for):
    services.add_version(
        filing=draft,
        texts={
            "original_text": "x",
            "text": "Le montant de la subvention est porté à 25 000 €.",
            "motives": "m",
        },
        summary="",
        base_number=1,
        acting_user=personas["staff"],
    )
    response = client_for("councillor").get(
        reverse("filings:compare", args=[draft.pk]), {"de": 1, "a": 2}
    )
    assert response.status_code == 200
    assert "25" in response.content.decode()


def test_filing_late_through_the_page_needs_a_reason(draft, personas, client_for):
    services.submit(filing=draft, acting_user=personas["councillor"])
    services.validate(filing=draft, acting_user=personas["bureau"])
    draft.sitting.starts_at = timezone.now() + dt.timedelta(hours=10)
    draft.sitting.save()
    url = reverse("filings:file", args=[draft.pk])
    refused = client_for("councillor").post(url, {"registration_number": "AM-4"})
    assert refused.status_code == 200
    assert "seul le secrétariat" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Filing.Status.VALIDATED


def test_deadline_reminders_are_sent_once(draft, personas, settings):
    settings.HEMICYCLE_FILING_REMINDER_HOURS = [72, 24]
    # Rule: 72 h before the séance; put the séance 4 days away → deadline in 24 h.
    draft.sitting.starts_at = timezone.now() + dt.timedelta(hours=95)
    draft.sitting.save()
    assert services.send_deadline_reminders() == 1
    services.send_deadline_reminders()
    notes = Notification.objects.filter(kind="filings.deadline")
    # The author and the staff member who opened the draft, once each.
    assert {n.recipient for n in notes} == {personas["councillor"], personas["staff"]}
    assert notes.count() == 2
    assert "moins de 24 h" in notes.first().body


def test_list_query_count_does_not_grow(world, report, client_for, django_assert_max_num_queries):
    client = client_for("secretariat")
    FilingFactory(report=report, author=world["councillor"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("filings:list"))
    for _ in range(15):
        FilingFactory(report=report, author=world["councillor"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("filings:list"))


def test_statistics_count_drafted_filed_adopted(draft, world, client_for):
    Filing.objects.filter(pk=draft.pk).update(
        status=Filing.Status.DECIDED, outcome=Filing.Outcome.ADOPTED
    )
    FilingFactory(report=draft.report, author=world["councillor"])
    page = client_for("bureau").get(reverse("filings:statistics")).content.decode()
    assert "2 / 1 / 1" in page
    councillor_page = client_for("bureau").get(
        reverse("group:councillor_detail", args=[world["councillor"].pk])
    )
    assert "Rédigés" in councillor_page.content.decode()


def test_sitting_page_lists_the_groups_filings_with_quota(draft, client_for):
    page = (
        client_for("councillor")
        .get(reverse("sittings:sitting_detail", args=[draft.sitting.pk]))
        .content.decode()
    )
    assert draft.reference in page and "Dépôts du groupe" in page


def test_dashboard_shows_the_countdown(draft, client_for):
    page = client_for("councillor").get(reverse("core:dashboard")).content.decode()
    assert "Dépôts à finaliser" in page and draft.reference in page


def test_create_page_for_each_kind(client_for, report):
    from hemicycle.council.models import FilingKind

    client = client_for("councillor")
    for kind in FilingKind.values:
        assert client.get(reverse("filings:create"), {"type": kind}).status_code == 200
    response = client.post(
        reverse("filings:create") + f"?type=amendement&rapport={report.pk}",
        {
            "report": report.pk,
            "sitting": report.sitting.pk,
            "title": "Gratuité des cars scolaires",
            "article": "Article 3",
            "original_text": "fixé à 10 000 €",
            "text": "porté à 15 000 €",
            "motives": "Les familles rurales paient le plus.",
            "first_author": "",
        },
    )
    assert response.status_code == 200  # first author missing: the form says so
    assert not Filing.objects.exists()


def test_dashboard_query_count_does_not_grow_with_filings(
    world, report, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("councillor")
    FilingFactory(report=report, author=world["councillor"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:dashboard"))
    for _ in range(12):
        FilingFactory(report=report, author=world["councillor"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:dashboard"))


def test_partner_never_sees_earlier_versions(draft, world, personas, client_for):
    services.add_version(
        filing=draft,
        texts={"original_text": "x", "text": "Rédaction finale partagée.", "motives": "m"},
        summary="",
        base_number=1,
        acting_user=personas["staff"],
    )
    _share(draft, world, personas)
    partner = client_for("partner")
    page = partner.get(draft.get_absolute_url()).content.decode()
    assert "Rédaction finale partagée." in page
    assert "porté à 15 000" not in page  # version 1
    compare = reverse("filings:compare", args=[draft.pk])
    assert partner.get(compare, {"de": 1, "a": 2}).status_code == 404


def test_list_opens_on_the_current_mandature(world, report, client_for):
    from hemicycle.council.tests.factories import BodyFactory, TermFactory
    from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

    FilingFactory(report=report, author=world["councillor"], title="Amendement d’aujourd’hui")
    old_term = TermFactory(
        name="Mandature 2015-2021", start_date=dt.date(2016, 1, 4), end_date=dt.date(2021, 6, 27)
    )
    old_sitting = SittingFactory(
        body=BodyFactory(term=old_term, name="Plénière 2015-2021"),
        starts_at=timezone.make_aware(dt.datetime(2019, 3, 14, 10)),
    )
    FilingFactory(
        report=ReportFactory(sitting=old_sitting),
        author=world["councillor"],
        title="Amendement d’archive",
    )
    client = client_for("secretariat")
    page = client.get(reverse("filings:list")).content.decode()
    assert "Amendement d’aujourd’hui" in page
    assert "Amendement d’archive" not in page
    every = client.get(reverse("filings:list"), {"term": ""}).content.decode()
    assert "Amendement d’archive" in every and "Amendement d’aujourd’hui" in every
    old = client.get(reverse("filings:list"), {"term": old_term.pk}).content.decode()
    assert "Amendement d’archive" in old and "Amendement d’aujourd’hui" not in old


def test_dashboard_keeps_the_soonest_open_filings_not_old_drafts(draft, world, personas):
    from hemicycle.filings import selectors
    from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

    old_sitting = SittingFactory(
        body=draft.sitting.body, starts_at=timezone.now() - dt.timedelta(days=400)
    )
    forgotten = FilingFactory(
        report=ReportFactory(sitting=old_sitting),
        author=world["councillor"],
        title="Brouillon d’une séance passée",
    )
    rows = selectors.my_open_filings(personas["secretariat"])
    assert draft in rows
    assert forgotten not in rows
