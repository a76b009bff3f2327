import factory

from hemicycle.council.models import FilingKind
from hemicycle.filings.models import Filing, FilingAuthor, FilingVersion
from hemicycle.group.tests.factories import CouncillorFactory
from hemicycle.sittings.tests.factories import ReportFactory


class FilingFactory(factory.django.DjangoModelFactory):
    """An amendment to a rapport of a séance three weeks ahead, with its first version."""

    class Meta:
        model = Filing
        skip_postgeneration_save = True

    kind = FilingKind.AMENDEMENT
    report = factory.SubFactory(ReportFactory)
    sitting = factory.LazyAttribute(lambda o: o.report.sitting if o.report else None)
    title = factory.Sequence(lambda n: f"Gratuité des transports scolaires ({n})")
    article = "Article 3"
    sequence = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def author(self, create, extracted, **kwargs):
        if not create:
            return
        councillor = extracted or CouncillorFactory()
        FilingAuthor.objects.create(
            filing=self, councillor=councillor, role=FilingAuthor.Role.AUTHOR
        )

    @factory.post_generation
    def text(self, create, extracted, **kwargs):
        if not create:
            return
        FilingVersion.objects.create(
            filing=self,
            number=1,
            original_text="Le montant de la subvention est fixé à 10 000 €.",
            text=extracted or "Le montant de la subvention est porté à 15 000 €.",
            motives="Les besoins des lycées ont doublé depuis 2024.",
        )
