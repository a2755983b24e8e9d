from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Welfare area units")
    # Called by `manage.py seed_demo` after the meeting places' seeder (INSTALLED_APPS order).
    demo_seeder = "units.demo.seed.seed"

    def ready(self) -> None:
        # Units join the shared search's registry of kinds (search/ imports no app).
        from .search import register_search_kinds

        register_search_kinds()

        # A hosting unit's meeting place names the unit (meetingplaces imports no units code).
        from meetingplaces.extensions import register_place_host

        from .pages import place_host

        register_place_host(place_host)
