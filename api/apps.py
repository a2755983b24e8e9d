from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data API")
    # The demo's data source and its key (`manage.py seed_demo`, after the other apps).
    demo_seeder = "api.demo.seed.seed"

    def ready(self) -> None:
        # Tombstones follow the lower apps' saves and deletes; they import nothing from here.
        from . import signals

        signals.connect()
        # The data sources an organisation's admins grant, on its members page.
        from organisations.extensions import register_members_section

        from .views_sources import members_section

        register_members_section(members_section)
