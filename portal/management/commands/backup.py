"""`manage.py backup --to DIR`: the database, the media folder and the attachments folder in one
new folder under DIR, with a manifest of every table's row count and checksum and every file's
SHA-256 (portal/backup.py; the README's "Operations" section is the whole procedure)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal import backup


class Command(BaseCommand):
    help = "Back up the database, the media folder and the attachments folder into DIR."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="folder for the backup")

    def handle(self, *args, **options):
        connections.close_all()
        try:
            folder = backup.backup(
                target=backup.Target.from_django(settings.DATABASES["default"]),
                folders={
                    "media": Path(settings.MEDIA_ROOT),
                    "attachments": Path(settings.BODIES_ATTACHMENT_ROOT),
                },
                to=options["to"],
                log=self.stdout.write,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
