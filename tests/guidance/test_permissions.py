"""Who may open and post guidance's pages: every URL of the namespace (and the short link) ×
the personas × GET and POST (`test_every_guidance_url_is_in_this_matrix`).

- the guidance tool (home, shortlist, print, link, send, hand-off): professionals with TOTP;
  a professional without TOTP is sent to set it up; everyone else signed in gets 403;
- a request's page (the person's data): only its receiving side (the association's members
  for a hand-off to them, the unit's professionals for a request to the unit); 404 for anyone
  else, the sending professional included;
- an association's requests and the unit finder: its members; 403 for others;
- the professionals' page (invitations): coordinators of an area and staff, with TOTP;
- a short link and its list: anyone while it is valid, 404 after.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from guidance import services
from guidance.models import ContactRequest, SharedList
from organisations.models import Membership
from tests.guidance.conftest import make_unit
from tests.meetingplaces.factories import ActivityFactory
from tests.organisations.factories import OrganisationFactory
from tests.personas import (
    Case,
    assert_rows_cover,
    matrix_test,
    matrix_users,
    person,
    professional_personas,
    roles,
)

PERSONAS = (
    "anonymous", "resident", "member", "other_member", "professional", "other_professional",
    "professional_no_totp", "coordinator", "other_coordinator", "staff", "coordinator_no_totp",
    "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def signed_in(result: str) -> dict[str, str]:
    return everyone(result) | {"anonymous": "login"}


def professionals(allowed: str = "ok") -> dict[str, str]:
    return signed_in("403") | {
        "professional": allowed, "other_professional": allowed, "professional_no_totp": "mfa",
    }  # fmt: skip


def members(allowed: str = "ok", others: str = "403") -> dict[str, str]:
    return signed_in(others) | {"member": allowed}


def coordinators(allowed: str = "ok", other: str = "ok") -> dict[str, str]:
    return roles(PERSONAS, allowed, other_area=other)


PERSON = {"first_name": "Aino", "phone": "040 000 1234", "language": "fi", "consent": "on"}


def _none(w):
    return {}


def _org(w):
    return {"slug": w.organisation.slug}


MATRIX: dict[str, dict[str, Case]] = {
    "guidance:home": {"": Case(_none, professionals(), signed_in("405"))},
    "guidance:shortlist": {
        "": Case(_none, professionals(), professionals(), lambda w: {"note": "", "language": "sv"}),
        "invalid": Case(_none, professionals(), professionals("400"), lambda w: {"language": "xx"}),
    },
    "guidance:shortlist-add": {
        "": Case(
            _none,
            signed_in("405"),
            professionals(),
            lambda w: {"kind": "activity", "object_id": w.activity.pk},
        ),
    },
    "guidance:shortlist-remove": {
        "": Case(
            _none,
            signed_in("405"),
            professionals(),
            lambda w: {"kind": "activity", "object_id": w.activity.pk},
        ),
    },
    "guidance:shortlist-clear": {"": Case(_none, signed_in("405"), professionals())},
    "guidance:shortlist-print": {"": Case(_none, professionals(), professionals())},
    "guidance:shortlist-link": {"": Case(_none, signed_in("405"), professionals())},
    "guidance:shortlist-send": {
        "": Case(
            _none,
            professionals(),
            professionals(),
            lambda w: {"channel": "email", "address": "asiakas@example.com"},
        ),
        "invalid": Case(
            _none, professionals(), professionals("400"), lambda w: {"channel": "email"}
        ),
    },
    "guidance:shared": {
        "": Case(lambda w: {"token": w.shared.token}, everyone("ok"), everyone("405")),
        "expired": Case(lambda w: {"token": w.expired.token}, everyone("404"), everyone("405")),
    },
    "guidance-short": {
        "": Case(lambda w: {"token": w.shared.token}, everyone("ok"), everyone("405")),
        "expired": Case(lambda w: {"token": w.expired.token}, everyone("404"), everyone("405")),
    },
    "guidance:handoff": {
        "": Case(_org, professionals(), professionals(), lambda w: PERSON),
        "invalid": Case(_org, professionals(), professionals("400"), lambda w: {}),
        "no such association": Case(
            lambda w: {"slug": "ei-ole"}, professionals("404"), professionals("404")
        ),
    },
    "guidance:request": {
        "to the association": Case(
            lambda w: {"pk": w.to_organisation.pk},
            members(others="404"),
            members(others="404"),
            lambda w: {"status": "contacted"},
        ),
        "to the unit": Case(
            lambda w: {"pk": w.to_unit.pk},
            signed_in("404") | {"professional": "ok", "professional_no_totp": "mfa"},
            signed_in("404") | {"professional": "ok", "professional_no_totp": "mfa"},
            lambda w: {"status": "contacted"},
        ),
    },
    "guidance:organisation-requests": {
        "": Case(_org, members(), signed_in("405")),
        "no such association": Case(
            lambda w: {"slug": "ei-ole"}, signed_in("404"), signed_in("405")
        ),
    },
    "guidance:find-unit": {"": Case(_org, members(), signed_in("405"))},
    "guidance:unit-request": {
        "": Case(lambda w: _org(w) | {"unit": w.unit.pk}, members(), members(), lambda w: PERSON),
        "no such unit": Case(
            lambda w: _org(w) | {"unit": 999999}, members("404"), members("404"), lambda w: PERSON
        ),
    },
    "guidance:professionals": {
        "": Case(
            _none,
            coordinators(),
            coordinators(other="400"),
            lambda w: {"email": "uusi@example.com", "unit": w.unit.pk},
        ),
    },
    "guidance:professional-remove": {
        "": Case(
            lambda w: {"pk": w.removable.pk},
            signed_in("405"),
            coordinators(other="404"),
        ),
    },
    "guidance:accept-invitation": {
        "": Case(lambda w: {"token": w.invitation.token}, signed_in("ok"), signed_in("400")),
        "wrong token": Case(lambda w: {"token": "arvaus"}, signed_in("404"), signed_in("404")),
    },
}


def test_every_guidance_url_is_in_this_matrix():
    assert_rows_cover(["guidance:", "guidance-short"], MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells; each test runs in a savepoint."""
    w = SimpleNamespace()
    w.organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
    other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
    w.activity = ActivityFactory(organisation=w.organisation, slug="muistikahvila")
    w.unit = make_unit("Keuruun sote-keskus", code="249")
    other_unit = make_unit("Vantaan sote-keskus", area_slug="vantaa-kerava", code="092")
    w.users = matrix_users(
        member="jasen@example.com", other_member="toisen-jasen@example.com"
    ) | professional_personas(w.unit, other_unit)
    Membership.objects.create(organisation=w.organisation, user=w.users["member"], role="admin")
    Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
    w.to_organisation = services.request_to_organisation(
        unit_id=w.unit.pk,
        organisation=w.organisation,
        activity=w.activity,
        sent_by=w.users["professional"],
        data={"first_name": "Aino", "phone": "+358400001234", "language": "fi"},
    )
    w.to_unit = services.request_to_unit(
        unit=w.unit,
        organisation=w.organisation,
        theme=None,
        municipality=None,
        sent_by=w.users["member"],
        data={"first_name": "Eino", "email": "eino@example.com", "language": "fi"},
    )
    assert ContactRequest.objects.count() == 2
    now = timezone.now()
    w.shared = SharedList.objects.create(
        token="voimassa",
        items=[["activity", w.activity.pk]],
        expires_at=now + dt.timedelta(days=30),
    )
    w.expired = SharedList.objects.create(
        token="vanhentunut", items=[], expires_at=now - dt.timedelta(seconds=1)
    )
    from guidance.models import Professional

    w.removable = Professional.objects.create(user=person("poistettava@example.com"), unit=w.unit)
    w.invitation = services.professional_invite(
        unit=w.unit, email="kutsuttu@example.com", invited_by=w.users["coordinator"]
    )
    return w


test_access = matrix_test(MATRIX, PERSONAS)
