"""`manage.py restore --from BACKUP`: a backup folder (from `manage.py backup`) into an empty
database and empty media and attachments folders, checked table by table and file by file
against the backup's manifest. The configured ones by default (DATABASE_URL, DJANGO_MEDIA_ROOT,
YHDESSA_ATTACHMENT_ROOT); --database-url, --media-root and --attachment-root name others."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal import backup


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and empty folders, and check it."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument("--database-url", help="an empty database (default: the configured)")
        parser.add_argument("--media-root", type=Path, help="default: DJANGO_MEDIA_ROOT")
        parser.add_argument("--attachment-root", type=Path, help="default: YHDESSA_ATTACHMENT_ROOT")

    def handle(self, *args, **options):
        connections.close_all()
        if options["database_url"]:
            target = backup.Target.from_url(options["database_url"])
        else:
            target = backup.Target.from_django(settings.DATABASES["default"])
        folders = {
            "media": options["media_root"] or Path(settings.MEDIA_ROOT),
            "attachments": options["attachment_root"] or Path(settings.BODIES_ATTACHMENT_ROOT),
        }
        try:
            backup.restore(
                source=options["source"], target=target, folders=folders, log=self.stdout.write
            )
        except (backup.BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
