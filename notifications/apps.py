from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        # The send task in Celery's registry, where services.py finds it by name.
        from . import tasks  # noqa: F401
