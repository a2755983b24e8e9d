"""The portal's settings with every cache off (Django's dummy cache): `bench/run.py --no-cache`
measures pages as a visitor sees them when nothing comes from a cache."""

from portal.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
