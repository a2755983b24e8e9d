from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "signups"
    verbose_name = _("Sign-ups")

    def ready(self) -> None:
        # Per-app registrations happen here, not as import side effects.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from accounts.services import register_exporter
        from meetingplaces.services import (
            occurrence_changed,
            occurrences_changed,
            occurrences_created,
            register_occurrence_keeper,
        )

        from . import signals, tasks  # noqa: F401 (tasks: in Celery's registry, queued by name)
        from .retention import user_signups_export
        from .services import occurrences_with_signups

        register_occurrence_keeper(occurrences_with_signups)
        register_exporter(user_signups_export)
        from .notices import user_signup_settings_export

        register_exporter(user_signup_settings_export)
        occurrences_changed.connect(signals.on_occurrences_changed, dispatch_uid="signups-many")
        occurrences_created.connect(signals.on_occurrences_created, dispatch_uid="signups-new")
        occurrence_changed.connect(signals.on_occurrence_changed, dispatch_uid="signups-one")
        pre_delete.connect(
            signals.on_user_delete, sender=get_user_model(), dispatch_uid="signups-user"
        )
