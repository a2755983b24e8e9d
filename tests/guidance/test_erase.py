"""A request's personal data is erased when it is closed or 60 days after it was sent,
whichever comes first; the counts stay; the job run twice on the same data changes nothing the
second time (GDPR-01)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from guidance import figures, services
from guidance.models import ContactRequest, SharedList
from guidance.tasks import erase
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _request(unit, organisation, *, days_ago: int, status: str = "new") -> ContactRequest:
    now = timezone.now()
    return ContactRequest.objects.create(
        direction="to_organisation",
        unit=unit,
        organisation=organisation,
        first_name="Aino",
        phone="+358400001234",
        email="aino@example.com",
        message="Aamupäivisin",
        consent_at=now - dt.timedelta(days=days_ago),
        consent_version="test",
        status=status,
        created_at=now - dt.timedelta(days=days_ago),
    )


def _personal(request: ContactRequest) -> tuple:
    request.refresh_from_db()
    return (request.first_name, request.phone, request.email, request.message)


def test_erase_job_twice_on_the_same_data(unit, organisation):
    young = _request(unit, organisation, days_ago=59)
    old = _request(unit, organisation, days_ago=61)
    closed = _request(unit, organisation, days_ago=1, status="joined")
    unreachable = _request(unit, organisation, days_ago=2, status="unreachable")
    contacted = _request(unit, organisation, days_ago=3, status="contacted")
    before = figures.requests_by("unit")
    forgotten = OutgoingEmail.objects.create(
        to="asiakas@example.com", template="guidance/email/shortlist", language="fi",
        forget_recipient=True, created_at=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip
    kept = OutgoingEmail.objects.create(
        to="jasen@example.com", template="organisations/email/invitation", language="fi",
        created_at=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip

    first = erase()
    assert first["requests"] == 3
    for request in (old, closed, unreachable):
        assert _personal(request) == ("", "", "", "")
        assert request.erased_at is not None
    for request in (young, contacted):
        assert _personal(request)[0] == "Aino" and request.erased_at is None
    forgotten.refresh_from_db()
    kept.refresh_from_db()
    assert forgotten.to == "" and kept.to == "jasen@example.com"
    erased_at = {r.pk: r.erased_at for r in ContactRequest.objects.all()}

    second = erase()
    assert second == {"requests": 0, "shared_lists": 0}
    assert {r.pk: r.erased_at for r in ContactRequest.objects.all()} == erased_at
    # The counts stay.
    assert figures.requests_by("unit") == before
    assert ContactRequest.objects.count() == 5


def test_expired_short_links_go(unit):
    now = timezone.now()
    SharedList.objects.create(token="vanha", items=[], expires_at=now - dt.timedelta(seconds=1))
    SharedList.objects.create(token="uusi", items=[], expires_at=now + dt.timedelta(days=1))
    assert services.shared_lists_delete_expired() == 1
    assert list(SharedList.objects.values_list("token", flat=True)) == ["uusi"]
