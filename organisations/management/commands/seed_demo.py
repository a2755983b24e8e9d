"""Fill the database with an invented Central Finland registry and demo accounts."""

import time

from django.core.management.base import BaseCommand

from organisations.demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo registry (about 530 invented organisations in Keski-Suomi and "
        "Vantaa–Kerava) and demo accounts. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = seed_demo()
        elapsed = time.monotonic() - started
        if result.created_organisations:
            self.stdout.write(
                f"Created {result.created_organisations} demo organisations in {elapsed:.1f} s."
            )
        else:
            self.stdout.write("The demo organisations exist already; nothing to create.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(account.email) for account in result.accounts)
        for account in result.accounts:
            self.stdout.write(f"  {account.email.ljust(width)}  {account.role}")
        self.stdout.write("Coordinators and staff are asked to set up two-factor authentication.")
