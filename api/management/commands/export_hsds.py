"""Write a welfare area's HSDS 3.0 export to a file (JSON or the tabular data package), for
publishing it elsewhere (a data portal) and for measuring how long the export takes."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas.models import WelfareArea

from ... import hsds


class Command(BaseCommand):
    help = "Write a welfare area's Open Referral HSDS 3.0 export (JSON or zip) to a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("welfare_area", help="The welfare area's identifier, e.g. keski-suomi.")
        parser.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
        parser.add_argument("--format", choices=["json", "zip"], default="json")
        parser.add_argument("--output", help="The file to write (default: print the size only).")

    def handle(self, *args, **options) -> None:
        area = WelfareArea.objects.filter(slug=options["welfare_area"]).first()
        if area is None:
            raise CommandError(f"No welfare area {options['welfare_area']!r}.")
        started = time.perf_counter()
        export = hsds.build(area, options["lang"])
        built = time.perf_counter() - started
        if options["format"] == "zip":
            body = hsds.zip_package(export, hsds.data_version(area)[1])
        else:
            body = hsds.json_bytes(export)
        total = time.perf_counter() - started
        if options["output"]:
            Path(options["output"]).write_bytes(body)
        counts = ", ".join(f"{len(export[key])} {key}" for key in hsds.TOP_LEVEL)
        self.stdout.write(
            f"{area.slug} ({options['lang']}, {options['format']}): {counts}; "
            f"built in {built:.2f} s, {total:.2f} s in all, {len(body):,} bytes"
        )
