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

        # The organisation's page shows its activities and places; its activities' entries
        # follow its own (organisations imports no meetingplaces code).
        from organisations.extensions import (
            PageSection,
            register_page_section,
            register_search_follower,
        )

        from . import pages
        from .search import organisation_activities_refresh_search

        register_page_section(
            PageSection(render=pages.organisation_section, generation_key=pages.generation_key)
        )
        register_search_follower(organisation_activities_refresh_search)
