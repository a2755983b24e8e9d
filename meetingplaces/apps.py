from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingplacesConfig(AppConfig):
    name = "meetingplaces"
    verbose_name = _("Meeting places")
