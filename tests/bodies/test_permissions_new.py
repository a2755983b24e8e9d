"""The permission matrix's rows for the bodies' URLs added after test_permissions.py (kept in
their own file for merging): the same helpers, world and check. test_permissions.py's
`test_every_bodies_url_is_in_the_matrix` counts these rows too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from bodies.models import MinutesComment
from tests.bodies.conftest import PERSONAS
from tests.bodies.test_permissions import (
    FORBIDDEN,
    OK,
    Case,
    bodies_url_names,
    draft,
    draft_viewers,
    drafters,
    everyone,
    minutes_readers,
    outcome,
    published,
)

MATRIX: dict[str, dict[str, Case]] = {
    # The invitation's calendar file: as public as the meeting.
    "bodies:meeting-ics": {
        "published minutes": Case(published, GET=everyone(OK)),
        "public agenda": Case(lambda w: {"pk": w.upcoming.pk}, GET=everyone(OK)),
        "not public": Case(draft, GET=draft_viewers(OK)),
    },
    # Retitle, replace or delete an attachment: the secretary, the area's coordinator and staff
    # (of published minutes the change itself is refused: 400).
    **{
        name: {
            "published minutes": Case(
                lambda w: {"pk": w.attachment.pk},
                GET=drafters(public=True),
                POST=drafters(public=True),
            ),
            "not public": Case(
                lambda w: {"pk": w.draft_attachment.pk},
                GET=drafters(public=False),
                POST=drafters(public=False),
            ),
        }
        for name in ("bodies:attachment-edit", "bodies:attachment-delete")
    },
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
    stale = sorted(set(MATRIX) - bodies_url_names())
    assert not stale, f"these URLs no longer exist; remove them from the matrix: {stale}"


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in ("GET", "POST"):
                for persona in PERSONAS:
                    label = f"{name}[{variant}]-{method}-{persona}"
                    yield pytest.param(name, variant, method, persona, id=label)


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, body_world, name, variant, method, persona):
    case = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=case.kwargs(body_world) or None)
    user = body_world.users[persona]
    if user is not None:
        client.force_login(user)

    response = client.get(url) if method == "GET" else client.post(url, {})

    expected = getattr(case, method)[persona]
    assert outcome(response) in expected, (
        f"{method} {url} as {persona}: {response.status_code} "
        f"{response.get('Location', '')} ({outcome(response)}), expected {sorted(expected)}"
    )
