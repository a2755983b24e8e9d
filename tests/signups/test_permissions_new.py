"""Who may open and post the sign-up pages added for issue 16 (signups/flows.py); the rows of
the existing pages are in test_permissions.py (with the personas and the cells' helpers), and
together they cover the whole namespace (test_permissions.py's
`test_every_signup_url_is_in_the_matrix`).

- the calendar page: signed-in people, each for their own address; the feed: whoever holds the
  secret address (no login: calendar apps have none), a wrong or reset one is 404;
- the organisers' pages (every date's sign-ups, print, export, e-mails about sign-ups): the
  organisation's members, the area's coordinator and staff (with TOTP); 403 for other
  signed-in people, the TOTP set-up for a role without it, login for anonymous. Print and
  export only read: a POST is 405.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from signups import feeds, services
from tests.personas import Case, matrix_test, urls_of
from tests.signups.conftest import make_activity, next_occurrence
from tests.signups.test_permissions import (
    PERSONAS,
    everyone,
    organisations_and_people,
    organisers,
    signed_in,
    the_date,
)


def _activity(w):
    return {"slug": w.activity.slug}


NEW_MATRIX: dict[str, dict[str, Case]] = {
    "signups:calendar": {
        "": Case(lambda w: {}, signed_in("ok"), signed_in("ok")),
    },
    "signups:feed": {
        "": Case(lambda w: {"token": w.feed.token}, everyone("ok"), everyone("405")),
        "wrong address": Case(lambda w: {"token": "arvaus"}, everyone("404"), everyone("405")),
    },
    "signups:activity": {
        "": Case(_activity, organisers("ok"), signed_in("405")),
        "no such activity": Case(lambda w: {"slug": "ei-ole"}, signed_in("404"), signed_in("405")),
    },
    "signups:notices": {
        "": Case(
            _activity,
            organisers("ok"),
            organisers("ok"),
            lambda w: {"on_signup": "on", "mode": "daily"},
        ),
        "invalid": Case(
            _activity, organisers("ok"), organisers("400"), lambda w: {"on_signup": "on"}
        ),
    },
    "signups:print_series": {
        "": Case(_activity, organisers("ok"), signed_in("405")),
    },
    "signups:print_date": {
        "": Case(the_date, organisers("ok"), signed_in("405")),
        "another activity's date": Case(
            lambda w: {"slug": w.activity.slug, "pk": w.other_date.pk},
            organisers("404"),
            signed_in("405"),
        ),
    },
    "signups:export_series": {
        "csv": Case(lambda w: _activity(w) | {"fmt": "csv"}, organisers("ok"), signed_in("405")),
        "xlsx": Case(lambda w: _activity(w) | {"fmt": "xlsx"}, organisers("ok"), signed_in("405")),
        "other format": Case(
            lambda w: _activity(w) | {"fmt": "pdf"}, signed_in("404"), signed_in("405")
        ),
    },
    "signups:export_date": {
        "csv": Case(lambda w: the_date(w) | {"fmt": "csv"}, organisers("ok"), signed_in("405")),
        "xlsx": Case(lambda w: the_date(w) | {"fmt": "xlsx"}, organisers("ok"), signed_in("405")),
    },
}


def test_the_new_rows_are_pages_of_their_own():
    """test_permissions.py checks that every URL of the namespace has a row in one matrix or
    the other; a URL with rows in both would be checked twice, by two different rules."""
    from tests.signups.test_permissions import MATRIX

    assert set(NEW_MATRIX) <= urls_of("signups:")
    assert not set(NEW_MATRIX) & set(MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """test_permissions.py's organisations and people, another activity's date and the
    participant's calendar feed; built once for the module's cells."""
    w = organisations_and_people()
    w.other_date = next_occurrence(make_activity(organisation=w.organisation, slug="toinen"))
    services.signup_create(
        occurrence=w.occurrence, user=w.users["participant"], show_name=True, share_contact=True
    )
    w.feed = feeds.calendar_feed_reset(user=w.users["participant"])
    return w


test_access = matrix_test(NEW_MATRIX, PERSONAS)
