import datetime as dt

import factory

from hemicycle.council.models import Body, CouncilGroup, RosterImport, RosterMember, Term
from hemicycle.council.rne import match_key


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    name = "Mandature 2021-2028"
    start_date = dt.date(2021, 7, 2)
    end_date = dt.date(2028, 3, 31)


class CouncilGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilGroup

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"Groupe {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")
    side = CouncilGroup.Side.OPPOSITION
    seats = 10


class RosterMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterMember

    term = factory.SubFactory(TermFactory)
    first_name = "Jeanne"
    last_name = factory.Sequence(lambda n: f"Conseillère{n}")
    match_key = factory.LazyAttribute(lambda o: match_key(o.last_name, o.first_name, o.birth_date))
    section = "59"
    sex = "F"
    birth_date = dt.date(1970, 1, 1)
    mandate_start = dt.date(2021, 7, 2)


class RosterImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterImport

    term = factory.SubFactory(TermFactory)
    file_name = "conseillers-regionaux.csv"
    sha256 = "0" * 64
    summary = factory.LazyFunction(dict)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    term = factory.SubFactory(TermFactory)
    kind = Body.Kind.PLENARY
    name = factory.Sequence(lambda n: f"Instance {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:60])
    members_count = 170
    convocation_delay_days = 12
