#!/usr/bin/env python
"""Django's command-line utility. Without DATABASE_URL it uses the embedded PostgreSQL.

Commands that never touch the database (help, check, makemessages, compilemessages,
collectstatic, any `--help` or `--version`) run without starting it, so the production image
builds without a database and a quick `manage.py help` stays quick.
"""

import atexit
import os
import sys

# Django's own commands that read or write no database rows (`check` checks no database unless
# asked with --database).
NO_DATABASE_COMMANDS = {
    "help",
    "version",
    "check",
    "makemessages",
    "compilemessages",
    "collectstatic",
    "findstatic",
    "startapp",
    "startproject",
    "diffsettings",
    "sendtestemail",
}


def needs_database(argv: list[str]) -> bool:
    args = argv[1:]
    if not args or any(arg in {"-h", "--help", "--version"} for arg in args):
        return False
    command = args[0]
    if command == "check" and any(arg.startswith("--database") for arg in args):
        return True
    return command not in NO_DATABASE_COMMANDS


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not os.environ.get("DATABASE_URL") and needs_database(sys.argv):
        from portal import embedded_db

        # Stopped again when this command ends, unless another process still uses it.
        embedded_db.acquire()
        atexit.register(embedded_db.release)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
