"""Queue a Celery task by its name: how services queue background work.

An app's tasks.py holds thin wrappers that import its services; the services never import the
tasks back (tests/test_import_graph.py). They name the task instead, and find it in Celery's
registry: the app's AppConfig.ready() imports its tasks.py, so every process that runs Django
has it (the worker too).
"""

from __future__ import annotations

from functools import partial

from celery import current_app
from django.db import transaction


def queue_task(name: str, *args):
    """`delay` of the registered task `name`: its AsyncResult, or None when the broker is down
    (portal.celery.Task logs it)."""
    return current_app.tasks[name].delay(*args)


def queue_task_after_commit(name: str, *args) -> None:
    """Queue the task once the current transaction commits (robust: a broker that is down does
    not undo the commit, and a rolled-back transaction leaves no task)."""
    transaction.on_commit(partial(queue_task, name, *args), robust=True)
