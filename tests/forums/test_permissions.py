"""Who may open what in the participation forums: every URL of the "forums" namespace × every
persona × GET and POST (tests/organisations/test_permissions.py exempts the namespace and
points here).

Rules (forums/access.py): anyone reads published forums and consultations; signed-in people
comment, reply, agree, report and sign up; the coordinators of the forum's welfare area (with
TOTP) and staff run forums and consultations (403 for others, 404 for another area's
consultation); a consultation's named moderators (with TOTP) moderate it, nothing more. A
coordinator or staff member without TOTP is sent to set it up where only the role would let
them in. Outcome classes as in the registry's matrix: "ok" (2xx, or a redirect elsewhere than
login or the TOTP set-up), "400", "login", "mfa", "403", "404", "405".
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.personas import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    METHOD_NOT_ALLOWED,
    MFA,
    NOT_FOUND,
    OK,
    REFUSED,
    Case,
    assert_rows_cover,
    matrix_test,
    outcome,
    person,
    role_personas,
)

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "resident",
    "author",  # wrote the comment the URL is about
    "other_resident",
    "moderator",  # a named moderator of the consultation, with TOTP
    "coordinator",
    "other_coordinator",
    "staff",
    "coordinator_no_totp",
    "staff_no_totp",
)


def everyone(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return everyone(outcome) | {"anonymous": LOGIN}


NOT_ALLOWED = everyone(METHOD_NOT_ALLOWED)
NOT_ALLOWED_SIGNED_IN = signed_in(METHOD_NOT_ALLOWED)


def coordinators(allowed: frozenset[str] = ALLOWED) -> dict[str, frozenset[str]]:
    """Area-wide pages: any coordinator and staff; 403 for the rest, TOTP set-up first."""
    return {
        "anonymous": LOGIN,
        "resident": FORBIDDEN,
        "author": FORBIDDEN,
        "other_resident": FORBIDDEN,
        "moderator": FORBIDDEN,
        "coordinator": allowed,
        "other_coordinator": allowed,
        "staff": allowed,
        "coordinator_no_totp": MFA,
        "staff_no_totp": MFA,
    }


def area_coordinators(allowed: frozenset[str] = ALLOWED) -> dict[str, frozenset[str]]:
    """One forum or consultation of Keski-Suomi: 404 for another area's coordinator."""
    return coordinators(allowed) | {"other_coordinator": NOT_FOUND}


def moderators(allowed: frozenset[str] = ALLOWED) -> dict[str, frozenset[str]]:
    """The moderation of a public consultation: the area's coordinators, staff and its named
    moderators; 403 for everyone else (the consultation itself is public)."""
    return coordinators(allowed) | {"other_coordinator": FORBIDDEN, "moderator": allowed}


def draft_readers() -> dict[str, frozenset[str]]:
    """An unpublished forum or consultation: the area's coordinators and staff; 404 for the
    rest (the public page does not send anyone to the TOTP set-up)."""
    return everyone(NOT_FOUND) | {"coordinator": OK, "staff": OK}


FORUM = lambda w: {"slug": w.forum.slug}  # noqa: E731
DRAFT_FORUM = lambda w: {"slug": w.draft_forum.slug}  # noqa: E731
CONSULTATION = lambda w: {"pk": w.consultation.pk}  # noqa: E731
COMMENT = lambda w: {"pk": w.comment.pk}  # noqa: E731

MATRIX: dict[str, dict[str, Case]] = {
    "forums:list": {"": Case(GET=everyone(OK), POST=NOT_ALLOWED)},
    "forums:forum": {
        "": Case(FORUM, GET=everyone(OK), POST=NOT_ALLOWED),
        "draft": Case(DRAFT_FORUM, GET=draft_readers(), POST=NOT_ALLOWED),
    },
    "forums:signup": {
        "": Case(FORUM, GET=NOT_ALLOWED_SIGNED_IN, POST=signed_in(OK)),
        "draft": Case(
            DRAFT_FORUM, GET=NOT_ALLOWED_SIGNED_IN, POST=draft_readers() | {"anonymous": LOGIN}
        ),
    },
    "forums:consultation": {
        "": Case(CONSULTATION, GET=everyone(OK), POST=NOT_ALLOWED),
        "draft": Case(
            lambda w: {"pk": w.draft_consultation.pk}, GET=draft_readers(), POST=NOT_ALLOWED
        ),
    },
    # An empty POST names no section: refused after the checks.
    "forums:comment": {
        "": Case(CONSULTATION, GET=NOT_ALLOWED_SIGNED_IN, POST=signed_in(REFUSED)),
    },
    "forums:agree": {"": Case(COMMENT, GET=NOT_ALLOWED_SIGNED_IN, POST=signed_in(OK))},
    "forums:report": {"": Case(COMMENT, GET=NOT_ALLOWED_SIGNED_IN, POST=signed_in(OK))},
    "forums:manage": {"": Case(GET=coordinators(OK), POST=NOT_ALLOWED_SIGNED_IN)},
    "forums:forum_create": {"": Case(GET=coordinators(), POST=coordinators())},
    "forums:forum_edit": {"": Case(FORUM, GET=area_coordinators(), POST=area_coordinators())},
    "forums:consultation_create": {
        "": Case(FORUM, GET=area_coordinators(), POST=area_coordinators())
    },
    "forums:consultation_edit": {
        "": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())
    },
    "forums:sections": {"": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())},
    "forums:section_edit": {
        "": Case(lambda w: {"pk": w.section.pk}, GET=area_coordinators(), POST=area_coordinators())
    },
    "forums:offline_entry": {
        "": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())
    },
    "forums:moderation": {"": Case(CONSULTATION, GET=moderators(OK), POST=NOT_ALLOWED_SIGNED_IN)},
    # An empty POST names no action: 400 after the checks.
    "forums:moderate": {"": Case(COMMENT, GET=NOT_ALLOWED_SIGNED_IN, POST=moderators(REFUSED))},
    "forums:close": {"": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())},
    "forums:export": {
        "csv": Case(
            lambda w: {"pk": w.consultation.pk, "fmt": "csv"},
            GET=area_coordinators(OK),
            POST=NOT_ALLOWED_SIGNED_IN,
        ),
        "xlsx": Case(
            lambda w: {"pk": w.consultation.pk, "fmt": "xlsx"},
            GET=area_coordinators(OK),
            POST=NOT_ALLOWED_SIGNED_IN,
        ),
    },
}


def test_every_forum_url_is_in_the_matrix():
    from tests.forums.test_permissions_new import MATRIX as NEW_MATRIX  # later URLs' rows

    assert_rows_cover(["forums:"], MATRIX, NEW_MATRIX)


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    """Built once for the module's cells; each test runs in a savepoint (tests/conftest.py)."""
    return build_world()


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.forum = make_forum(slug="julkinen-foorumi")
    w.draft_forum = make_forum(slug="luonnosfoorumi", is_published=False)
    w.consultation = make_consultation(w.forum)
    w.draft_consultation = make_consultation(w.forum, is_published=False)
    w.section = w.consultation.sections.first()
    w.users = {"anonymous": None}
    w.users["resident"] = person("asukas@example.com")
    w.users["author"] = person("kirjoittaja@example.com")
    w.users["other_resident"] = person("toinen@example.com")
    w.users["moderator"] = person("moderaattori@example.com", totp=True)
    w.consultation.moderators.add(w.users["moderator"])
    w.comment = make_comment(w.consultation, w.users["author"])
    w.users |= role_personas()
    return w


test_access = matrix_test(MATRIX, PERSONAS)


def test_a_named_moderator_without_totp_is_sent_to_set_it_up(client, world):
    moderator = person("uusi-moderaattori@example.com")
    world.consultation.moderators.add(moderator)
    client.force_login(moderator)
    response = client.get(reverse("forums:moderation", kwargs={"pk": world.consultation.pk}))
    assert outcome(response) == "mfa"


def test_a_coordinator_of_another_area_cannot_moderate_or_edit(client, world):
    client.force_login(world.users["other_coordinator"])
    client.post(
        reverse("forums:moderate", kwargs={"pk": world.comment.pk}),
        {"action": "hide", "reason": "ei"},
    )
    client.post(
        reverse("forums:section_edit", kwargs={"pk": world.section.pk}),
        {"order": 1, "title_fi": "Kaapattu"},
    )
    world.comment.refresh_from_db()
    world.section.refresh_from_db()
    assert world.comment.status == "visible"
    assert world.section.title_fi == "Osio 1"
