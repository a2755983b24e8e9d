from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")
    default_auto_field = "django.db.models.BigAutoField"
    # After every other app's demo (attendance included): the demo's searches, then the figures.
    demo_seeder = "knowledge.demo.seed.seed"

    def ready(self) -> None:
        # The residents' search tells its listeners what was asked (search imports no app).
        from search.registry import register_search_listener

        from . import tasks  # noqa: F401 (in Celery's registry, queued by name)
        from .demand import record_search

        register_search_listener(record_search)
