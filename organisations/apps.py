from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")
    # Called by `manage.py seed_demo` (portal/management/commands/seed_demo.py).
    demo_seeder = "organisations.demo.seed.seed"

    def ready(self) -> None:
        # Per-app registrations happen here, not as import side effects.
        from accounts.services import register_deletion_check, register_exporter

        from .exports import organisation_roles, sole_administrator

        register_exporter(organisation_roles)
        register_deletion_check(sole_administrator)

        from .search import register_search_kinds

        register_search_kinds()
