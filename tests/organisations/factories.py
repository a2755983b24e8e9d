"""factory_boy factories for the organisation registry.

Small defaults: an organisation is published, in Keski-Suomi, with no relations. Pass
relations as lists; the search entry is refreshed afterwards, exactly as the services do:

    org = OrganisationFactory(
        name="Keuruun Muistiyhdistys ry",
        municipalities=[municipality("249")],
        target_groups=[TermFactory(slug="omaishoitajat", name_fi="Omaishoitajat")],
        categories=["older_people"],
    )
    MembershipFactory(organisation=org, role=Membership.Role.ADMIN)

Welfare areas and municipalities are reference data loaded by a migration: use `area()` and
`municipality()` to fetch them.
"""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from accounts.models import User
from areas.models import Municipality, WelfareArea
from organisations.models import Membership, Network, Organisation, Status, Term
from organisations.services.core import organisation_refresh_search

PASSWORD = "correct-horse-battery-staple"
DEFAULT_AREA = "keski-suomi"


def area(slug: str = DEFAULT_AREA) -> WelfareArea:
    return WelfareArea.objects.get(slug=slug)


def municipality(code: str = "179") -> Municipality:
    """A municipality by its code; 179 is Jyväskylä, 249 Keuruu (both in Keski-Suomi)."""
    return Municipality.objects.get(code=code)


def many(relation: str) -> factory.PostGeneration:
    """Sets a many-to-many relation from the list passed as `relation` (none by default)."""

    def set_relation(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, relation).set(extracted)

    return factory.PostGeneration(set_relation)


class InJyvaskylaFactory(factory.django.DjangoModelFactory):
    """A place with an address and a location in Jyväskylä (Keski-Suomi): meeting places and
    units. Open on public holidays, so that a test's dates "tomorrow" are not cancelled when the
    run falls on the eve of one (6.12., 24.–26.12., ...); tests of holiday closing say False."""

    class Meta:
        abstract = True

    welfare_area = factory.LazyFunction(area)
    street_address = "Kauppakatu 1"
    postcode = "40100"
    municipality = factory.LazyFunction(municipality)
    latitude = 62.2415
    longitude = 25.7209
    open_on_public_holidays = True


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email address and the password PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)
    is_staff = False

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A primary email address, verified unless verified=False is passed."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=extracted is not False, primary=True
            )


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("slug",)

    kind = Term.Kind.TARGET_GROUP
    name_fi = factory.Sequence(lambda n: f"Kohderyhmä {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name_fi))
    name_sv = ""
    name_en = ""


class ThemeFactory(TermFactory):
    kind = Term.Kind.THEME
    name_fi = factory.Sequence(lambda n: f"Teema {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    kind = Network.Kind.ARENA
    name_fi = factory.Sequence(lambda n: f"Verkosto {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name_fi))
    welfare_area = factory.LazyFunction(area)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A published organisation; M2M relations as lists, search fields refreshed at the end."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Yhdistys {n} ry")
    slug = factory.Sequence(lambda n: f"org-{n}")
    status = Status.PUBLISHED
    welfare_area = factory.LazyFunction(area)

    municipalities = many("municipalities")
    target_groups = many("target_groups")
    themes = many("themes")
    networks = many("networks")

    @factory.post_generation
    def refresh_search(obj, create, extracted, **kwargs):
        """Runs last: write the search entry like the services do."""
        if create and extracted is not False:
            organisation_refresh_search(organisation=obj)


class DraftOrganisationFactory(OrganisationFactory):
    status = Status.DRAFT


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.EDITOR
