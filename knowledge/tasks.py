"""Beat's jobs for the knowledge page: thin wrappers around the services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from search.registry import SearchDone

from . import demand, services


@shared_task(ignore_result=True, time_limit=900, soft_time_limit=840)
def refresh_figures() -> dict[str, float]:
    return services.figures_refresh_all()


@shared_task(ignore_result=True)
def prune_search_terms() -> int:
    return demand.terms_prune()


@shared_task(ignore_result=True)
def count_search(
    day: str, words: str, themes: list, municipality: str, areas: list, total: int
) -> None:
    done = SearchDone(words, tuple(themes), municipality, tuple(areas), total)
    demand.record_search(done, today=dt.date.fromisoformat(day))
