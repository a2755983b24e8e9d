#!/usr/bin/env python
"""Django's command-line utility. Without DATABASE_URL it uses the embedded PostgreSQL."""

import atexit
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not os.environ.get("DATABASE_URL"):
        from portal import embedded_db

        # Stopped again when this command ends, unless another process still uses it.
        embedded_db.acquire()
        atexit.register(embedded_db.release)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
