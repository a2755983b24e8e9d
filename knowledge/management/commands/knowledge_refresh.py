"""Rebuild the knowledge page's aggregate rows now (beat does it hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from knowledge.services import figures_refresh_all


class Command(BaseCommand):
    help = "Rebuild the knowledge page's monthly figures of every welfare area."

    def handle(self, *args, **options) -> None:
        for slug, seconds in figures_refresh_all().items():
            self.stdout.write(f"{slug}: {seconds:.2f} s")
