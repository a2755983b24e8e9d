"""Fill the database with invented demo data: every app's own seeder, in INSTALLED_APPS order.

An app takes part by naming its seeder on its AppConfig:

    class MeetingPlacesConfig(AppConfig):
        demo_seeder = "meetingplaces.demo.seed"

A seeder takes no arguments, is idempotent (a second run changes nothing) and returns the lines
to print. All seeders run in one transaction: a failing one leaves nothing half-seeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

Seeder = Callable[[], list[str]]


def demo_seeders() -> list[tuple[str, Seeder]]:
    """(app label, seeder) of every installed app that declares a `demo_seeder`, in app order."""
    return [
        (config.label, import_string(path))
        for config in apps.get_app_configs()
        if (path := getattr(config, "demo_seeder", None))
    ]


class Command(BaseCommand):
    help = (
        "Create the demo data of every app (the registry: about 530 invented organisations in "
        "Keski-Suomi and Vantaa–Kerava, and demo accounts). Safe to run again: a second run "
        "changes nothing."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for label, seeder in demo_seeders():
                started = time.monotonic()
                lines = seeder()
                self.stdout.write(f"[{label}] {time.monotonic() - started:.1f} s")
                for line in lines:
                    self.stdout.write(line)
