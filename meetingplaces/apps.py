from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingplacesConfig(AppConfig):
    name = "meetingplaces"
    verbose_name = _("Meeting places")
    # Called by `manage.py seed_demo` after the registry's seeder (INSTALLED_APPS order).
    demo_seeder = "meetingplaces.demo.seed.seed"
