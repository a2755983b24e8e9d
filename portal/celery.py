import logging
import os
import time
from pathlib import Path

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

logger = logging.getLogger(__name__)

# After a failed publish this process does not try again for this long: a hanging broker costs
# one timeout per period, not one per task.
RETRY_AFTER_SECONDS = 10.0
_broker_down_until: dict[str, float] = {}


class Task(DjangoTask):
    """A task whose queueing never breaks the page that queues it.

    When the broker is down or hangs, `apply_async` (and so `delay`, `delay_on_commit`) gives up
    after the short timeouts in settings (BROKER_TIMEOUT_SECONDS, CELERY_TASK_PUBLISH_RETRY_POLICY),
    logs the task it could not queue, and returns None; for RETRY_AFTER_SECONDS after that, tasks
    are logged and dropped at once. Work that must happen is claimed with a `*_sent_at` column, so
    a periodic task can pick up what was not queued.
    """

    def apply_async(self, *args, **kwargs):
        broker = str(self.app.conf.broker_url)
        if time.monotonic() < _broker_down_until.get(broker, 0.0):
            logger.error("Did not queue task %s: the broker was unavailable.", self.name)
            return None
        try:
            return super().apply_async(*args, **kwargs)
        except (OperationalError, RedisError, OSError) as error:
            _broker_down_until[broker] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.error(
                "Could not queue task %s (%s: %s): the broker is unavailable.",
                self.name,
                type(error).__name__,
                error,
            )
            return None


app = Celery("portal", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The embedded (filesystem) broker needs its folders before anyone sends or receives."""
    from django.conf import settings

    if settings.REDIS_URL:
        return
    for folder in settings.BROKER_FOLDERS.values():
        Path(folder).mkdir(parents=True, exist_ok=True)
