import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /sv/ leaves Swedish active in the thread: start every test in Finnish."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
