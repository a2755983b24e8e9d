"""Who may open what in bodies/: every URL of the namespace × every persona × GET and POST.

`test_every_bodies_url_is_in_the_matrix` discovers the namespace's URLs, so a new URL without a
row fails. The rules (bodies/access.py): bodies, public meetings, their published minutes,
attachments, open actions and the archive are public; drafts are for the body's members and the
area's coordinator (404 for everyone else); the secretary and the coordinator draft; attending
members comment; the chair approves; coordinators of the area create bodies, members and
meetings; rights from a role need TOTP ("mfa": sent to set it up).
"""

from __future__ import annotations

from tests.bodies.conftest import PERSONAS
from tests.personas import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    assert_rows_cover,
    full_grid,
    matrix_test,
)

NOT_ALLOWED = dict.fromkeys(PERSONAS, "405")  # a method the view does not accept


def grid(**cells: frozenset[str]) -> dict[str, frozenset[str]]:
    return full_grid(PERSONAS, cells)


def everyone(result: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(PERSONAS, result)


def draft_viewers(result: frozenset[str]) -> dict[str, frozenset[str]]:
    """A meeting that is not public: its body's members, the area's coordinator and staff;
    404 for everyone else (coordinators without TOTP too, as on public pages)."""
    return grid(
        anonymous=NOT_FOUND, resident=NOT_FOUND, member=result, non_member=NOT_FOUND,
        secretary=result, chair=result, coordinator=result, other_coordinator=NOT_FOUND,
        staff=result, coordinator_no_totp=NOT_FOUND, staff_no_totp=NOT_FOUND,
    )  # fmt: skip


def minutes_readers(result: frozenset[str]) -> dict[str, frozenset[str]]:
    """Minutes in progress: members and the area's coordinator; login first."""
    return grid(
        anonymous=LOGIN, resident=NOT_FOUND, member=result, non_member=NOT_FOUND,
        secretary=result, chair=result, coordinator=result, other_coordinator=NOT_FOUND,
        staff=result,
    )  # fmt: skip


def drafters(*, public: bool) -> dict[str, frozenset[str]]:
    """The secretary, the area's coordinator and staff. Of a public meeting others get 403; of
    one that is not, members 403 and everyone else 404."""
    hidden = FORBIDDEN if public else NOT_FOUND
    return grid(
        anonymous=LOGIN, resident=hidden, member=FORBIDDEN, non_member=hidden,
        secretary=ALLOWED, chair=FORBIDDEN, coordinator=ALLOWED,
        other_coordinator=FORBIDDEN if public else NOT_FOUND, staff=ALLOWED,
    )  # fmt: skip


def commenters() -> dict[str, frozenset[str]]:
    """Members who attended (an empty comment is refused: 400); others who see drafts 403."""
    return minutes_readers(ALLOWED) | {"coordinator": FORBIDDEN, "staff": FORBIDDEN}


def chair_only() -> dict[str, frozenset[str]]:
    return minutes_readers(FORBIDDEN) | {"chair": OK}


def area_coordinators() -> dict[str, frozenset[str]]:
    return grid(
        anonymous=LOGIN, resident=FORBIDDEN, member=FORBIDDEN, non_member=FORBIDDEN,
        secretary=FORBIDDEN, chair=FORBIDDEN, coordinator=ALLOWED, other_coordinator=NOT_FOUND,
        staff=ALLOWED,
    )  # fmt: skip


def organisers(*, public: bool | None = None) -> dict[str, frozenset[str]]:
    """Creating meetings (`public` None: the body's page) and changing them: the secretary, the
    chair and the area's coordinator."""
    if public is None:
        return area_coordinators() | {"secretary": ALLOWED, "chair": ALLOWED}
    return drafters(public=public) | {"chair": ALLOWED}


def any_coordinator() -> dict[str, frozenset[str]]:
    return area_coordinators() | {"other_coordinator": ALLOWED}


def drafted(of_published, of_draft) -> dict[str, Case]:
    """A drafters' page (GET and POST) of a published meeting's object and of one not public,
    with the kwargs of each."""
    return {
        "published minutes": Case(
            of_published, GET=drafters(public=True), POST=drafters(public=True)
        ),
        "not public": Case(of_draft, GET=drafters(public=False), POST=drafters(public=False)),
    }


def published(w):
    return {"pk": w.published.pk}


def draft(w):
    return {"pk": w.draft.pk}


def body(w):
    return {"slug": w.body.slug}


MATRIX: dict[str, dict[str, Case]] = {
    "bodies:list": {"": Case(GET=everyone(OK))},
    "bodies:archive": {"": Case(GET=everyone(OK))},
    "bodies:actions": {"": Case(GET=everyone(OK))},
    "bodies:body": {"": Case(body, GET=everyone(OK))},
    "bodies:meeting": {
        "published minutes": Case(published, GET=everyone(OK)),
        "public agenda": Case(lambda w: {"pk": w.upcoming.pk}, GET=everyone(OK)),
        "not public": Case(draft, GET=draft_viewers(OK)),
    },
    "bodies:meeting-print": {
        "published minutes": Case(published, GET=everyone(OK)),
        "public agenda": Case(lambda w: {"pk": w.upcoming.pk}, GET=everyone(OK)),
        "not public": Case(draft, GET=everyone(NOT_FOUND)),
    },
    "bodies:minutes-pdf": {
        "published minutes": Case(published, GET=everyone(OK)),
        "public agenda, no minutes": Case(lambda w: {"pk": w.upcoming.pk}, GET=everyone(NOT_FOUND)),
        "not public": Case(draft, GET=everyone(NOT_FOUND)),
    },
    "bodies:attachment": {
        "published minutes": Case(lambda w: {"pk": w.attachment.pk}, GET=everyone(OK)),
        "not public": Case(lambda w: {"pk": w.draft_attachment.pk}, GET=draft_viewers(OK)),
    },
    "bodies:body-create": {"": Case(GET=any_coordinator(), POST=any_coordinator())},
    "bodies:body-edit": {"": Case(body, GET=area_coordinators(), POST=area_coordinators())},
    "bodies:member-add": {"": Case(body, GET=area_coordinators(), POST=area_coordinators())},
    "bodies:member-edit": {
        "": Case(
            lambda w: {"slug": w.body.slug, "pk": w.member.pk},
            GET=area_coordinators(),
            POST=area_coordinators(),
        )
    },
    "bodies:meeting-create": {"": Case(body, GET=organisers(), POST=organisers())},
    "bodies:meeting-edit": {
        "published minutes": Case(
            published, GET=organisers(public=True), POST=organisers(public=True)
        ),
        "not public": Case(draft, GET=organisers(public=False), POST=organisers(public=False)),
    },
    **dict.fromkeys(("bodies:attendance", "bodies:item-create"), drafted(published, draft)),
    **dict.fromkeys(
        ("bodies:item-edit", "bodies:attachment-upload", "bodies:action-create"),
        drafted(lambda w: {"pk": w.published_item.pk}, lambda w: {"pk": w.draft_item.pk}),
    ),
    "bodies:action-status": {
        # Owned by an organisation: the secretary and the coordinator.
        "published minutes": Case(
            lambda w: {"pk": w.action.pk}, GET=drafters(public=True), POST=drafters(public=True)
        ),
        # Owned by the member: they may change it too.
        "not public": Case(
            lambda w: {"pk": w.draft_action.pk},
            GET=drafters(public=False) | {"member": ALLOWED},
            POST=drafters(public=False) | {"member": ALLOWED},
        ),
    },
    "bodies:minutes": {
        "published minutes": Case(published, GET=minutes_readers(OK)),
        "in review": Case(draft, GET=minutes_readers(OK)),
    },
    "bodies:minutes-submit": {
        "published minutes": Case(published, POST=drafters(public=True)),
        "in review": Case(draft, POST=drafters(public=False)),
    },
    "bodies:minutes-comment": {"in review": Case(draft, POST=commenters())},
    "bodies:minutes-approve": {
        "published minutes": Case(published, POST=chair_only()),
        "in review": Case(draft, POST=chair_only()),
    },
    "bodies:minutes-correct": {
        "published minutes": Case(published, POST=drafters(public=True)),
        "in review": Case(draft, POST=drafters(public=False)),
    },
}


def test_every_bodies_url_is_in_the_matrix():
    from tests.bodies.test_permissions_new import MATRIX as NEW_ROWS  # rows kept apart

    assert_rows_cover(["bodies:"], MATRIX, NEW_ROWS)


# A method a row leaves out answers 405 to everyone.
test_access = matrix_test(MATRIX, PERSONAS, world="matrix_world", unlisted=NOT_ALLOWED)
