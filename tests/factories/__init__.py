"""Factories for test data. Reference data (regions, municipalities, languages) comes from migrations."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import Booking, Kind, Offer, Status
from interpreters.models import Interpreter, LanguageSkill, Level, Mode
from languages.models import Language
from organisations.models import Membership, Municipality, Organisation, OrganisationKind


def municipality(postcode: str = "3500") -> Municipality:
    return Municipality.objects.for_postcode(postcode).first()


def language(code: str = "ara") -> Language:
    return Language.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.be")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.django.Password("secret-pw-123")


class StaffFactory(UserFactory):
    is_staff = True
    username = factory.Sequence(lambda n: f"staff{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"OCMW Test {n}")
    kind = OrganisationKind.OCMW
    municipality = factory.LazyFunction(lambda: municipality("3500"))
    address = "Markt 1"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def requester(organisation: Organisation | None = None, **user_fields):
    """A user who is a member of `organisation` (a new one when not given)."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation)
    return user


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"tolk{n}"))
    municipality = factory.LazyFunction(lambda: municipality("3500"))
    max_travel_km = 60

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        """InterpreterFactory(languages={"ara": "certified"}) adds skills for interpreting and translation."""
        for code, level in (extracted or {}).items():
            LanguageSkill.objects.create(
                interpreter=self, language_id=code, level=level, for_interpreting=True, for_translation=True
            )


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    kind = Kind.INTERPRETING
    status = Status.SUBMITTED
    organisation = factory.SubFactory(OrganisationFactory)
    mode = Mode.ON_SITE
    language = factory.LazyFunction(lambda: language("ara"))
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0))
    duration_minutes = 60
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + timedelta(minutes=b.duration_minutes))
    postcode = "3500"
    municipality = factory.LazyFunction(lambda: municipality("3500"))
    address = "Kapelstraat 1"


class TranslationFactory(BookingFactory):
    kind = Kind.TRANSLATION
    mode = ""
    duration_minutes = None
    ends_at = None
    postcode = ""
    municipality = None
    target_language = factory.LazyFunction(lambda: language("nld"))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    word_count = 800


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    booking = factory.SubFactory(BookingFactory, status=Status.OFFERED)
    interpreter = factory.SubFactory(InterpreterFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=4))


__all__ = [
    "BookingFactory",
    "InterpreterFactory",
    "Level",
    "MembershipFactory",
    "OfferFactory",
    "OrganisationFactory",
    "StaffFactory",
    "TranslationFactory",
    "UserFactory",
    "language",
    "municipality",
    "requester",
]
