#!/usr/bin/env python
"""Django's command-line utility. Without DATABASE_URL it uses the embedded PostgreSQL."""

import atexit
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not os.environ.get("DATABASE_URL"):
        from portal import embedded_db

        if embedded_db.ensure_running():
            # Started for this command alone: stop it again when the command ends.
            atexit.register(embedded_db.stop)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
