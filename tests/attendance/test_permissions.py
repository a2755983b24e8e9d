"""Who may open and post each attendance page (namespace "attendance"): every URL of the
namespace has a row (`test_every_attendance_url_is_in_the_matrix`).

Recording attendance and reading the yearly report follow the editing rights: the
organisation's members, the area's coordinator and staff (with TOTP); 403 for other signed-in
people, the TOTP set-up for a role without it, login for anonymous. A date still to come has no
attendance page (404)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine

from organisations.models import Membership
from tests.organisations.factories import OrganisationFactory
from tests.personas import Case, assert_rows_cover, matrix_test, matrix_users, roles

from .conftest import NOVEMBER, NOW, dates_of, make_past_activity

PERSONAS = (
    "anonymous", "resident", "member", "other_member", "coordinator", "other_coordinator",
    "staff", "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


def organisers(allowed: str) -> dict[str, str]:
    return roles(PERSONAS, allowed, other_area="403", member=allowed)


MATRIX: dict[str, dict[str, Case]] = {
    "attendance:activity": {
        "": Case(
            lambda w: {"slug": w.activity.slug},
            organisers("ok"),
            organisers("ok"),
            lambda w: {f"d{w.date.pk}-visitors": "5"},
        ),
    },
    "attendance:date": {
        "": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.date.pk},
            organisers("ok"),
            organisers("ok"),
            lambda w: {"visitors": "5"},
        ),
        "to come": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.coming.pk},
            organisers("404"),
            organisers("404"),
        ),
        "another activity's date": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_date.pk},
            organisers("404"),
            organisers("404"),
        ),
    },
    "attendance:place": {
        "": Case(lambda w: {"slug": w.activity.place.slug}, organisers("ok"), organisers("ok")),
    },
    "attendance:door": {
        "": Case(
            lambda w: {"slug": w.activity.place.slug},
            everyone("405") | {"anonymous": "login"},
            organisers("ok"),
        ),
    },
    "attendance:report": {
        "": Case(
            lambda w: {"slug": w.activity.organisation.slug},
            organisers("ok"),
            everyone("405") | {"anonymous": "login"},
        ),
    },
}


def test_every_attendance_url_is_in_the_matrix():
    assert_rows_cover(["attendance:"], MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    with time_machine.travel(NOW, tick=True):
        w = SimpleNamespace()
        organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
        other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
        w.activity = make_past_activity(organisation=organisation, slug="muistikahvila")
        w.date = dates_of(w.activity, NOVEMBER)[0]
        w.coming = w.activity.occurrences.filter(date__gt=NOW.date()).first()
        w.other_date = dates_of(make_past_activity(organisation=other), NOVEMBER)[0]
        w.users = matrix_users(member="jasen@example.com", other_member="toisen-jasen@example.com")
        Membership.objects.create(organisation=organisation, user=w.users["member"])
        Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
        return w


test_access = matrix_test(MATRIX, PERSONAS)
