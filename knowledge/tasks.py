"""Beat's jobs for the knowledge page: thin wrappers around the services."""

from __future__ import annotations

from celery import shared_task

from . import demand, services


@shared_task(ignore_result=True, time_limit=900, soft_time_limit=840)
def refresh_figures() -> dict[str, float]:
    return services.figures_refresh_all()


@shared_task(ignore_result=True)
def prune_search_terms() -> int:
    return demand.terms_prune()
