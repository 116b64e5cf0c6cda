import factory
from django.contrib.auth.models import Group

from bailiffs.models import Bailiff
from chamber_portal.core.models import Region, User


def region(code: str = "KZ-75") -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="ru_RU")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    role = "lawyer"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=self.role)[0])


class BailiffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bailiff

    user = factory.SubFactory(UserFactory, role="bailiff")
    full_name = factory.LazyAttribute(lambda bailiff: bailiff.user.full_name)
    licence_number = factory.Sequence(lambda n: f"L-{n:06d}")
    region = factory.LazyFunction(region)
