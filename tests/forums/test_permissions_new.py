"""Who may open the forum URLs added after tests/forums/test_permissions.py was written (draft
document files, official replies): the same personas, outcome classes and rules as there
(tests/forums/test_permissions.py's completeness check counts these rows too).

- forums:document — a draft document file: whoever may read the consultation (404 otherwise).
- forums:documents, forums:document_delete — the area's coordinators and staff.
- forums:official_reply — whoever moderates the consultation (coordinators, staff, its named
  moderators).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from areas.models import Coordinator, WelfareArea
from forums import services
from forums.documents import check_upload
from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.personas import add_totp, make_user, outcome

PERSONAS = (
    "anonymous",
    "resident",
    "author",
    "other_resident",
    "moderator",
    "coordinator",
    "other_coordinator",
    "staff",
    "coordinator_no_totp",
    "staff_no_totp",
)
METHODS = ("GET", "POST")
OK = frozenset({"ok"})
ALLOWED = frozenset({"ok", "400"})
LOGIN = frozenset({"login"})
MFA = frozenset({"mfa"})
FORBIDDEN = frozenset({"403"})
NOT_FOUND = frozenset({"404"})
NOT_ALLOWED_CELL = frozenset({"405"})

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def everyone(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome: frozenset[str]) -> dict[str, frozenset[str]]:
    return everyone(outcome) | {"anonymous": LOGIN}


def area_coordinators(allowed: frozenset[str] = ALLOWED) -> dict[str, frozenset[str]]:
    return {
        "anonymous": LOGIN,
        "resident": FORBIDDEN,
        "author": FORBIDDEN,
        "other_resident": FORBIDDEN,
        "moderator": FORBIDDEN,
        "coordinator": allowed,
        "other_coordinator": NOT_FOUND,
        "staff": allowed,
        "coordinator_no_totp": MFA,
        "staff_no_totp": MFA,
    }


def moderators(allowed: frozenset[str] = ALLOWED) -> dict[str, frozenset[str]]:
    return area_coordinators(allowed) | {"other_coordinator": FORBIDDEN, "moderator": allowed}


def draft_readers() -> dict[str, frozenset[str]]:
    return everyone(NOT_FOUND) | {"coordinator": OK, "staff": OK}


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[SimpleNamespace], dict] = lambda w: {}
    GET: dict[str, frozenset[str]] = field(default_factory=dict)
    POST: dict[str, frozenset[str]] = field(default_factory=dict)


CONSULTATION = lambda w: {"pk": w.consultation.pk}  # noqa: E731
COMMENT = lambda w: {"pk": w.comment.pk}  # noqa: E731

MATRIX: dict[str, dict[str, Case]] = {
    "forums:document": {
        "": Case(
            lambda w: {"pk": w.document.pk}, GET=everyone(OK), POST=everyone(NOT_ALLOWED_CELL)
        ),
        "draft": Case(
            lambda w: {"pk": w.draft_document.pk},
            GET=draft_readers(),
            POST=everyone(NOT_ALLOWED_CELL),
        ),
    },
    # An empty POST has no file: the form comes back with its errors (400).
    "forums:documents": {"": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())},
    "forums:document_delete": {
        "": Case(
            lambda w: {"pk": w.document.pk},
            GET=signed_in(NOT_ALLOWED_CELL),
            POST=area_coordinators(),
        )
    },
    # An empty POST removes a reply that is not there: allowed (redirect).
    "forums:official_reply": {"": Case(COMMENT, GET=moderators(), POST=moderators())},
}


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in METHODS:
                for persona in PERSONAS:
                    label = (
                        f"{name}[{variant}]-{method}-{persona}"
                        if variant
                        else (f"{name}-{method}-{persona}")
                    )
                    yield pytest.param(name, variant, method, persona, id=label)


def test_every_row_names_every_persona():
    for name, variants in MATRIX.items():
        for variant, case in variants.items():
            for method in METHODS:
                assert set(getattr(case, method)) == set(PERSONAS), (name, variant, method)


def person(email: str, *, staff: bool = False, totp: bool = False):
    user = make_user(email, staff=staff)
    if totp:
        add_totp(user)
    return user


def add_document(consultation, actor, title: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    checked = check_upload(SimpleUploadedFile("luonnos.pdf", PDF))
    return services.document_add(
        consultation=consultation, section=None, title=title, checked=checked, actor=actor
    )


@pytest.fixture
def world(db, settings, tmp_path) -> SimpleNamespace:
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    w = SimpleNamespace()
    keski_suomi = WelfareArea.objects.get(slug="keski-suomi")
    forum = make_forum(slug="julkinen-foorumi")
    w.consultation = make_consultation(forum)
    draft_consultation = make_consultation(forum, is_published=False)
    w.users = {"anonymous": None}
    w.users["resident"] = person("asukas@example.com")
    w.users["author"] = person("kirjoittaja@example.com")
    w.users["other_resident"] = person("toinen@example.com")
    w.users["moderator"] = person("moderaattori@example.com", totp=True)
    w.consultation.moderators.add(w.users["moderator"])
    w.comment = make_comment(w.consultation, w.users["author"])
    w.users["coordinator"] = person("koordinaattori@example.com", totp=True)
    Coordinator.objects.create(user=w.users["coordinator"], welfare_area=keski_suomi)
    w.users["other_coordinator"] = person("vantaa@example.com", totp=True)
    Coordinator.objects.create(
        user=w.users["other_coordinator"],
        welfare_area=WelfareArea.objects.get(slug="vantaa-kerava"),
    )
    w.users["staff"] = person("yllapito@example.com", staff=True, totp=True)
    w.users["coordinator_no_totp"] = person("ilman-totp@example.com")
    Coordinator.objects.create(user=w.users["coordinator_no_totp"], welfare_area=keski_suomi)
    w.users["staff_no_totp"] = person("yllapito-ilman@example.com", staff=True)
    w.document = add_document(w.consultation, w.users["coordinator"], "Luonnos")
    w.draft_document = add_document(draft_consultation, w.users["coordinator"], "Keskeneräinen")
    return w


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    case = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=case.kwargs(world))
    user = world.users[persona]
    if user is not None:
        client.force_login(user)

    response = client.get(url) if method == "GET" else client.post(url, {})

    expected = getattr(case, method)[persona]
    assert outcome(response) in expected, (
        f"{method} {url} as {persona}: {response.status_code} "
        f"{response.get('Location', '')} ({outcome(response)}), expected {sorted(expected)}"
    )
