"""factory_boy factory for units: an active health station in Jyväskylä (Keski-Suomi) with a
named association contact who agreed to be shown, weekday hours 8–16, stored through
units.services.unit_saved (search entry, hosting place) as the coordinators' form does."""

from __future__ import annotations

import datetime as dt

import factory

from tests.organisations.factories import InJyvaskylaFactory
from units.models import Unit, UnitKind, UnitOpeningHours
from units.services import unit_saved


class UnitFactory(InJyvaskylaFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Terveysasema {n}")
    slug = factory.Sequence(lambda n: f"terveysasema-{n}")
    kind = UnitKind.HEALTH_STATION
    street_address = "Kauppakatu 10"
    phone = "+358400000900"
    email = "terveysasema@example.com"
    contact_name = "Sari Esimerkki"
    contact_title = "Osastonhoitaja"
    contact_email = "sari.esimerkki@example.com"
    contact_phone = "+358400000901"
    contact_consent = True

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        if not create:
            return
        rows = extracted if extracted is not None else [(day, 8, 16) for day in range(5)]
        UnitOpeningHours.objects.bulk_create(
            UnitOpeningHours(unit=obj, weekday=day, opens=dt.time(o), closes=dt.time(c))
            for day, o, c in rows
        )
        unit_saved(unit=obj)
