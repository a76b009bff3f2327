import pytest
from django.core.management import CommandError, call_command

from hemicycle.accounts.models import User
from hemicycle.council.models import Body, FilingRule, RosterMember
from hemicycle.group.models import Councillor, StaffMember
from hemicycle.positions.models import FollowUp, VoteLine
from hemicycle.sittings.models import Attendance, Report, ReportDocument, Sitting


@pytest.mark.django_db(transaction=True)
def test_seed_demo_builds_the_whole_group_and_is_repeatable():
    call_command("seed_demo", verbosity=0)
    first = {
        "councillors": Councillor.objects.count(),
        "staff": StaffMember.objects.count(),
        "roster": RosterMember.objects.count(),
        "accounts": User.objects.count(),
        "bodies": Body.objects.count(),
        "rules": FilingRule.objects.count(),
        "sittings": Sitting.objects.count(),
        "reports": Report.objects.count(),
        "documents": ReportDocument.objects.exclude(text="").count(),
        "follow_ups": FollowUp.objects.count(),
        "lines": VoteLine.objects.count(),
        "attendance": Attendance.objects.count(),
    }
    assert first["councillors"] == 14
    assert first["staff"] == 5
    assert first["roster"] == 170
    assert first["accounts"] == 7
    assert first["rules"] == 9
    assert first["documents"] == 6
    assert Report.objects.filter(title__icontains="transports scolaires").exists()
    assert Attendance.objects.filter(status="represented").exclude(proxy_holder=None).exists()
    # The president chose the daily digest: the demo's filing steps wait for it.
    from hemicycle.core.models import Notification, NotificationPreference

    president = User.objects.get(username="presidence")
    assert NotificationPreference.objects.filter(user=president, channel="digest").exists()
    assert Notification.objects.filter(recipient=president, digest_due=True).exists()
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    call_command("seed_demo", "--reset", verbosity=0)
    assert Report.objects.count() == first["reports"]
    assert Sitting.objects.count() == first["sittings"]
