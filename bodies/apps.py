from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "bodies"
    verbose_name = _("Partnership bodies")
    # Called by `manage.py seed_demo` (portal/management/commands/seed_demo.py).
    demo_seeder = "bodies.demo.seed"

    def ready(self) -> None:
        from accounts.services import register_exporter

        from .exports import body_roles

        register_exporter(body_roles)

        from .search import register_search_kinds

        register_search_kinds()
