import datetime as dt

import factory

from hemicycle.group.models import Councillor, Group, Party, StaffContract, StaffMember


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = "Groupe Écologiste et Solidaire"
    short_name = "GES"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("short_name",)

    name = factory.LazyAttribute(lambda o: f"Parti {o.short_name}")
    short_name = "EELV"
    colour = "#2e7d32"


class CouncillorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Councillor

    civility = "Mme"
    first_name = "Alice"
    last_name = factory.Sequence(lambda n: f"Élue{n}")
    party = factory.SubFactory(PartyFactory)
    section = "59"
    commune = "Lille"
    mandate_start = dt.date(2021, 7, 2)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    civility = "M."
    first_name = "Paul"
    last_name = factory.Sequence(lambda n: f"Salarié{n}")
    job_title = "Chargé de mission"


class StaffContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffContract

    staff_member = factory.SubFactory(StaffMemberFactory)
    starts_on = dt.date(2024, 1, 1)
    ends_on = dt.date(2026, 12, 31)
