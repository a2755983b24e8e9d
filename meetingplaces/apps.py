from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingplacesConfig(AppConfig):
    name = "meetingplaces"
    verbose_name = _("Meeting places")
    # Called by `manage.py seed_demo` after the registry's seeder (INSTALLED_APPS order).
    demo_seeder = "meetingplaces.demo.seed.seed"

    def ready(self) -> None:
        # Places and activities join the shared search's registry of kinds.
        from .search import register_search_kinds

        register_search_kinds()
