import datetime as dt

import factory
from django.utils import timezone

from hemicycle.council.models import Place
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.sittings.models import Report, Sitting


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    place = Place.LILLE


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    sitting = factory.SubFactory(SittingFactory)
    number = factory.Sequence(lambda n: f"2026.{n:04d}")
    title = factory.Sequence(lambda n: f"Soutien régional au projet n°\u00a0{n}")
    order = factory.Sequence(lambda n: n)
