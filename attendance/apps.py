from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")
    demo_seeder = "attendance.demo.seed.seed"

    def ready(self) -> None:
        from meetingplaces.services import (
            occurrence_changed,
            occurrences_changed,
            register_occurrence_keeper,
        )

        from . import signals, tasks  # noqa: F401 (tasks: in Celery's registry, queued by name)
        from .services import occurrences_with_records

        register_occurrence_keeper(occurrences_with_records)
        occurrence_changed.connect(signals.on_occurrence_changed, dispatch_uid="attendance-one")
        occurrences_changed.connect(signals.on_occurrences_changed, dispatch_uid="attendance-many")
