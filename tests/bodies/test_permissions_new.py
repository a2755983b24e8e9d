"""The permission matrix's rows for the bodies' URLs added after test_permissions.py (kept in
their own file for merging): the same helpers, world and check. test_permissions.py's
`test_every_bodies_url_is_in_the_matrix` counts these rows too."""

from __future__ import annotations

from bodies.models import MinutesComment
from tests.bodies.conftest import PERSONAS
from tests.bodies.test_permissions import (
    FORBIDDEN,
    NOT_ALLOWED,
    OK,
    Case,
    draft,
    draft_viewers,
    drafted,
    everyone,
    minutes_readers,
    published,
)
from tests.personas import matrix_test, urls_of

MATRIX: dict[str, dict[str, Case]] = {
    # The invitation's calendar file: as public as the meeting.
    "bodies:meeting-ics": {
        "published minutes": Case(published, GET=everyone(OK)),
        "public agenda": Case(lambda w: {"pk": w.upcoming.pk}, GET=everyone(OK)),
        "not public": Case(draft, GET=draft_viewers(OK)),
    },
    # Retitle, replace or delete an attachment: the secretary, the area's coordinator and staff
    # (of published minutes the change itself is refused: 400).
    **dict.fromkeys(
        ("bodies:attachment-edit", "bodies:attachment-delete"),
        drafted(lambda w: {"pk": w.attachment.pk}, lambda w: {"pk": w.draft_attachment.pk}),
    ),
    # A minutes checker confirms; a member who commented asks to review again. Nobody else.
    "bodies:minutes-confirm": {
        "in review, no checkers": Case(draft, POST=minutes_readers(FORBIDDEN)),
        "in review, the member checks": Case(
            lambda w: checker(w, w.member), POST=minutes_readers(FORBIDDEN) | {"member": OK}
        ),
    },
    "bodies:minutes-restart": {
        "in review, no comments": Case(draft, POST=minutes_readers(FORBIDDEN)),
        "in review, the member commented": Case(
            lambda w: commented(w, w.member), POST=minutes_readers(FORBIDDEN) | {"member": OK}
        ),
    },
}


def checker(w, member):
    w.draft.checkers.add(member)
    return {"pk": w.draft.pk}


def commented(w, member):
    MinutesComment.objects.create(meeting=w.draft, author=member, text="Kommentti")
    return {"pk": w.draft.pk}


def test_the_new_rows_name_existing_urls():
    stale = sorted(set(MATRIX) - urls_of("bodies:"))
    assert not stale, f"these URLs no longer exist; remove them from the matrix: {stale}"


test_access = matrix_test(MATRIX, PERSONAS, world="matrix_world", unlisted=NOT_ALLOWED)
