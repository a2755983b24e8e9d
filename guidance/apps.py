from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Guidance")
    # Called by `manage.py seed_demo` after the units' seeder (INSTALLED_APPS order).
    demo_seeder = "guidance.demo.seed.seed"

    def ready(self) -> None:
        from organisations.extensions import register_dashboard_section
        from search.registry import register_result_action

        from . import tasks  # noqa: F401 (in Celery's registry, queued by name)
        from .extensions import dashboard_section, search_result_action

        register_result_action(search_result_action)
        register_dashboard_section(dashboard_section)
