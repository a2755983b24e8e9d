from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Participation forums")
    # Called by `manage.py seed_demo` (portal/management/commands/seed_demo.py).
    demo_seeder = "forums.demo.seed.seed"

    def ready(self) -> None:
        # A deleted account's comments stay, shown as "Deleted user" (Comment.author is
        # SET_NULL); its agreements, reports and sign-ups go with it (CASCADE).
        from accounts.services import register_exporter

        from .exports import forum_participation

        register_exporter(forum_participation)

        # The minutes show the consultations whose summary links to a decision.
        from bodies.decisions import register_decision_linker

        from .services import consultation_links_by_decision

        register_decision_linker(consultation_links_by_decision)
