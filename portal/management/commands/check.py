"""`manage.py check` that, like Django's documentation says, leaves the database alone.

Django's own command hands every configured database to the model checks even without
--database, and GeneratedField's checks then connect to ask PostgreSQL for its version. Here
they get no database unless --database names one, so `check` (and `check --deploy`) runs
without a database server; `check --database default` checks against it as before.
"""

from django.core.management.commands.check import Command as DjangoCheckCommand


class Command(DjangoCheckCommand):
    def handle(self, *app_labels, **options):
        options["databases"] = options["databases"] or []
        return super().handle(*app_labels, **options)
