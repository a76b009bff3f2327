import factory

from hemicycle.accounts.models import User
from hemicycle.core.roles import Role

PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"compte{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@exemple.fr")
    role = Role.OBSERVATEUR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
