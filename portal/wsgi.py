"""The WSGI application (gunicorn in production, bench/ and docker-compose.yml).

Once a web process has served its first requests (URL patterns, templates and translations are
then loaded), the objects alive are moved out of the garbage collector's generations
(`gc.freeze`): a full collection walked them all, 100-230 ms in the middle of some request
every few hundred requests, and after the freeze it walks only what requests left behind
(bench/README.md, "Residents' search on a quiet machine, 2026-12-06").
"""

import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

FREEZE_AFTER_REQUESTS = 20
_served = 0


def freeze_when_warm(**_kwargs) -> None:
    global _served
    _served += 1
    if _served >= FREEZE_AFTER_REQUESTS:
        request_finished.disconnect(freeze_when_warm)
        gc.collect()  # once per process: no garbage of the first requests kept for good
        gc.freeze()


request_finished.connect(freeze_when_warm)

application = get_wsgi_application()
