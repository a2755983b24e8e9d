"""Who may open and post each sign-up page (namespace "signups"): every URL of the namespace
must have a row here (`test_every_signup_url_is_in_the_matrix`).

- signing up: anyone who may see the activity (a draft's: its members, the area's coordinator
  and staff); 404 where the activity asks for no sign-up;
- confirm and a sign-up's own page: whoever holds the signed link; a bad link is 404;
- my sign-ups: signed-in people, and only their own sign-ups (someone else's is 404);
- organisers' pages: the organisation's members, the area's coordinator and staff (with TOTP);
  403 for other signed-in people, the TOTP set-up for a role without it, login for anonymous.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine

from meetingplaces.models import PublishStatus
from organisations.models import Membership
from signups import services, tokens
from tests.organisations.factories import OrganisationFactory
from tests.personas import Case, assert_rows_cover, matrix_test, matrix_users, roles
from tests.signups.conftest import NOW, make_activity, next_occurrence

PERSONAS = (
    "anonymous", "resident", "participant", "member", "other_member", "coordinator",
    "other_coordinator", "staff", "coordinator_no_totp", "staff_no_totp",
)  # fmt: skip


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome: str, anonymous: str = "login") -> dict[str, str]:
    return everyone(outcome) | {"anonymous": anonymous}


def organisers(allowed: str) -> dict[str, str]:
    return roles(PERSONAS, allowed, other_area="403", member=allowed)


def draft_viewers(allowed: str) -> dict[str, str]:
    return everyone("404") | {"member": allowed, "coordinator": allowed, "staff": allowed}


def the_date(w) -> dict:
    """The URL kwargs of the activity's next date."""
    return {"slug": w.activity.slug, "pk": w.occurrence.pk}


MATRIX: dict[str, dict[str, Case]] = {
    "signups:signup": {
        "": Case(
            the_date,
            everyone("ok"),
            # Anonymous: name and address needed; the participant has signed up already.
            everyone("ok") | {"anonymous": "400", "participant": "400"},
        ),
        "draft": Case(
            lambda w: {"slug": w.draft.slug, "pk": next_occurrence(w.draft).pk},
            draft_viewers("ok"),
            draft_viewers("ok"),
        ),
        "no sign-up": Case(
            lambda w: {"slug": w.open_door.slug, "pk": next_occurrence(w.open_door).pk},
            everyone("404"),
            everyone("404"),
        ),
    },
    "signups:signup_date": {
        "": Case(
            lambda w: {"pk": w.occurrence.pk},
            everyone("ok"),
            everyone("ok") | {"anonymous": "400", "participant": "400"},
        ),
        "sensitive": Case(
            lambda w: {"pk": next_occurrence(w.sensitive).pk},
            everyone("ok"),
            # Consent and (anonymous) a name and an address are needed.
            everyone("400"),
        ),
        "draft": Case(
            lambda w: {"pk": next_occurrence(w.draft).pk},
            draft_viewers("ok"),
            draft_viewers("ok"),
        ),
        "no sign-up": Case(
            lambda w: {"pk": next_occurrence(w.open_door).pk},
            everyone("404"),
            everyone("404"),
        ),
        "no such date": Case(lambda w: {"pk": 999999}, everyone("404"), everyone("404")),
    },
    "signups:confirm": {
        "": Case(lambda w: {"token": w.confirm_token}, everyone("ok"), everyone("ok")),
        "bad link": Case(lambda w: {"token": "väärä"}, everyone("404"), everyone("404")),
    },
    "signups:link": {
        "": Case(
            lambda w: {"token": w.link_token},
            everyone("ok"),
            everyone("ok"),
            lambda w: {"action": "reminders_off"},
        ),
        "no action": Case(lambda w: {"token": w.link_token}, everyone("ok"), everyone("400")),
        "bad link": Case(lambda w: {"token": "väärä"}, everyone("404"), everyone("404")),
    },
    "signups:mine": {
        "": Case(lambda w: {}, signed_in("ok"), signed_in("404")),
        "own": Case(
            lambda w: {},
            signed_in("ok"),
            signed_in("404") | {"participant": "ok"},
            lambda w: {"signup": w.own.pk, "action": "reminders_off"},
        ),
    },
    "signups:organise": {
        "": Case(
            the_date,
            organisers("ok"),
            organisers("400"),
        ),
        "message": Case(
            the_date,
            organisers("ok"),
            organisers("ok"),
            lambda w: {"text": "Tänään huoneessa 2."},
        ),
    },
    "signups:organise_suspicious": {
        "": Case(
            the_date,
            organisers("ok"),
            organisers("404"),  # no such sign-up to remove
        ),
        "remove": Case(
            the_date,
            organisers("ok"),
            organisers("ok"),
            lambda w: {"signup": w.pending.pk},
        ),
    },
    "signups:reminders": {
        "": Case(lambda w: {"slug": w.activity.slug}, organisers("ok"), organisers("ok")),
    },
}


def test_every_signup_url_is_in_the_matrix():
    from tests.signups.test_permissions_new import NEW_MATRIX  # issue 16's pages

    assert_rows_cover(["signups:"], MATRIX, NEW_MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells, at the sign-up tests' NOW (each cell runs there too),
    in a transaction; each test runs in a savepoint (tests/conftest.py)."""
    with time_machine.travel(NOW, tick=True):
        return build_world()


def organisations_and_people() -> SimpleNamespace:
    """What both sign-up matrices (this one and test_permissions_new.py) start from: an
    organisation with an activity (and its next date) and an editor (member), another
    organisation with its admin (other_member), a resident, a participant and the roles."""
    w = SimpleNamespace()
    w.organisation = OrganisationFactory(name="Testiyhdistys ry", slug="testiyhdistys")
    other = OrganisationFactory(name="Toinen yhdistys ry", slug="toinen-yhdistys")
    w.activity = make_activity(organisation=w.organisation, slug="muistikahvila")
    w.occurrence = next_occurrence(w.activity)
    w.users = matrix_users(
        participant="osallistuja@example.com",
        member="jasen@example.com",
        other_member="toisen-jasen@example.com",
    )
    Membership.objects.create(organisation=w.organisation, user=w.users["member"], role="editor")
    Membership.objects.create(organisation=other, user=w.users["other_member"], role="admin")
    return w


def build_world() -> SimpleNamespace:
    w = organisations_and_people()
    organisation = w.organisation
    w.draft = make_activity(organisation=organisation, slug="luonnos", status=PublishStatus.DRAFT)
    w.sensitive = make_activity(organisation=organisation, slug="vertaisryhma", is_sensitive=True)
    w.open_door = make_activity(organisation=organisation, slug="avoin", signup_required=False)
    (w.own,) = services.signup_create(occurrence=w.occurrence, user=w.users["participant"])
    (pending,) = services.signup_create(occurrence=w.occurrence, name="M", email="m@example.com")
    w.pending = pending
    w.confirm_token = tokens.confirm_token(pending)
    w.link_token = tokens.link_token(pending)
    return w


test_access = matrix_test(MATRIX, PERSONAS)
