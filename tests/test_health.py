import pytest
from django.urls import reverse

from portal import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["broker"], body["status"]) == ("ok", "ok", "ok")
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    # Nothing listens on port 1: the check fails fast instead of hanging the page.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_database_check_fails_when_the_database_is_unreachable(monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OSError("no database")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert health.database_ok() is False
